package io.makemore4j.model.sequence;

import io.makemore4j.config.Activation;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.ModelKind;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.model.GraphSettings;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks every sequence model's graph must pass, shared by the tests of its layers: a gradient
 * check in double precision with padded items and their mask, a JSON round trip, a
 * {@code ModelSerializer} round trip with the same outputs, one-row inference equal to batched
 * inference.
 */
public final class SequenceChecks {

    private SequenceChecks() {
    }

    /** A sequence model section: {@code kind} over {@code blockSize} positions, widths {@code nEmbd} and {@code nEmbd2}. */
    public static ModelConfig model(ModelKind kind, int blockSize, int nEmbd, int nEmbd2) {
        return new ModelConfig(kind, blockSize, nEmbd, 0, List.of(1), false, Activation.TANH, true, false, false, false, 0.0, nEmbd2);
    }

    /** The initialised graph of a sequence model section through the registry. */
    public static ComputationGraph graph(ModelConfig m, int vocab, IUpdater updater, DataType dtype) {
        ComputationGraph g = new ComputationGraph(ModelFamily.of(m.type()).configuration(m, vocab, new GraphSettings(updater, 0, 5, dtype)));
        g.init();
        return g;
    }

    /** {@code n} random items of 1 to {@code maxLength} characters in {@code [1, vocab)}. */
    public static int[][] items(Random rnd, int n, int maxLength, int vocab) {
        int[][] items = new int[n][];
        for (int i = 0; i < n; i++) {
            items[i] = new int[1 + rnd.nextInt(maxLength)];
            for (int j = 0; j < items[i].length; j++) {
                items[i][j] = 1 + rnd.nextInt(vocab - 1);
            }
        }
        return items;
    }

    /** The items as one batch padded to {@code time} positions, in {@code dtype}. */
    public static ItemBatch batch(int[][] items, int time, DataType dtype) {
        int[] all = new int[items.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        ItemBatch b = ItemBatch.padded(items, all, time);
        return new ItemBatch(b.tokens().castTo(dtype), b.targets().castTo(dtype), b.mask().castTo(dtype), null, b.positions());
    }

    /** The batch as a training minibatch: tokens, targets and the mask of the real positions. */
    public static MultiDataSet dataSet(ItemBatch b) {
        return new MultiDataSet(new INDArray[] {b.tokens()}, new INDArray[] {b.targets()}, new INDArray[] {b.mask()}, null);
    }

    /** Runs each check with ND4J's default types set to double, then restores them. */
    public static void inDouble(Runnable check) {
        DataType saved = Nd4j.dataType();
        DataType savedFloating = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            check.run();
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloating);
        }
    }

    /** Finite differences against backprop for every parameter of a double-precision graph, with the batch's mask. */
    public static void gradientCheck(ComputationGraph graph, ItemBatch b, Set<String> exclude) {
        inDouble(() -> assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(graph)
                .inputs(new INDArray[] {b.tokens()})
                .labels(new INDArray[] {b.targets()})
                .inputMask(new INDArray[] {b.mask()})
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .excludeParams(exclude)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false)), "gradient check"));
    }

    /** The configuration survives JSON unchanged. */
    public static void jsonRoundTrip(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(conf.toJson(), back.toJson());
    }

    /** A few training steps, then save and load: the same parameters, updater state and outputs. */
    public static void serializerRoundTrip(ComputationGraph graph, Supplier<ItemBatch> batches, File dir) throws IOException {
        for (int i = 0; i < 3; i++) {
            graph.fit(dataSet(batches.get()));
        }
        File file = new File(dir, "model.zip");
        ModelSerializer.writeModel(graph, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(graph.params(), back.params());
        assertEquals(graph.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        ItemBatch b = batches.get();
        assertEquals(output(graph, b), output(back, b));
        graph.fit(dataSet(b));
        back.fit(dataSet(b));
        assertEquals(graph.params(), back.params());
    }

    /** Each item alone (one row, its own length) gives the rows it gets in the padded batch, within {@code tol}. */
    public static void oneRowEqualsBatched(ComputationGraph graph, int[][] items, int time, DataType dtype, double tol) {
        ItemBatch all = batch(items, time, dtype);
        INDArray batched = output(graph, all);                               // (items*T, vocab)
        for (int i = 0; i < items.length; i++) {
            ItemBatch one = batch(new int[][] {items[i]}, items[i].length + 1, dtype);
            INDArray alone = output(graph, one);                             // (length+1, vocab)
            for (int q = 0; q <= items[i].length; q++) {
                INDArray expected = batched.getRow((long) i * time + q);
                assertTrue(expected.equalsWithEps(alone.getRow(q), tol), "item " + i + " position " + q
                        + ": " + expected + " vs " + alone.getRow(q));
            }
        }
    }

    /** The graph's inference output for a batch, with its mask. */
    public static INDArray output(ComputationGraph graph, ItemBatch b) {
        return graph.output(false, new INDArray[] {b.tokens()}, new INDArray[] {b.mask()})[0];
    }
}
