package io.makemore4j.train;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.family.ModelFamily;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ReplicaStep}: data-parallel replicas take the step that one graph takes on the whole batch
 * (exactly so where batch statistics do not enter), deterministically, and resume exactly.
 */
class ReplicaStepTest {

    /** Small versions of each kind of model: flatten rows, dilated items with masks, recurrent and attention sequences. */
    private static final List<List<String>> MODELS = List.of(
            List.of("config/tiny.yaml"),
            List.of("config/wavenet-deep.yaml", "model.n_hidden=24", "model.n_embd=8", "train.batch_size=300"),
            List.of("config/gru.yaml", "model.n_embd=16", "model.n_embd2=16"),
            List.of("config/transformer.yaml", "model.n_layer=1", "model.n_embd=16", "model.n_head=2", "model.dropout=0.0"));

    private static Config config(List<String> model, String... more) {
        List<String> sets = new ArrayList<>(model.subList(1, model.size()));
        sets.add("data.path=datasets/names.txt");
        sets.addAll(Arrays.asList(more));
        return ConfigLoader.load(Path.of(model.get(0)), sets);
    }

    /** The batches of a config; with {@code twice}, each batch is its rows followed by the same rows again. */
    private static Trainer.Batches batches(Config c, PreparedData data, boolean twice) {
        Trainer.Batches batches = ModelFamily.of(c.model().type()).batches(c, data);
        return twice ? step -> doubled(batches.batch(step)) : batches;
    }

    private static MultiDataSet doubled(MultiDataSet b) {
        return new org.nd4j.linalg.dataset.MultiDataSet(doubled(b.getFeatures()), doubled(b.getLabels()),
                doubled(b.getFeaturesMaskArrays()), doubled(b.getLabelsMaskArrays()));
    }

    private static INDArray[] doubled(INDArray[] arrays) {
        if (arrays == null) {
            return null;
        }
        return Arrays.stream(arrays).map(a -> a == null ? null : Nd4j.concat(0, a, a)).toArray(INDArray[]::new);
    }

    /** Trains {@code steps} steps from {@code from} and returns the losses. */
    private static double[] train(ComputationGraph graph, Trainer.Batches batches, int replicas, int from, int steps) {
        double[] losses = new double[steps];
        try (TrainingStep step = TrainingStep.of(graph, replicas)) {
            for (int i = 0; i < steps; i++) {
                losses[i] = step.fit(batches.batch(from + i));
            }
        }
        return losses;
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void sharesSplitEveryArrayOfTheBatchByItem() {
        Config c = config(MODELS.get(1), "train.predict=sampled");
        PreparedData data = PreparedData.load(c.data(), c.model().blockSize());
        MultiDataSet batch = batches(c, data, false).batch(0);
        long rows = batch.getFeatures(0).size(0);
        for (int n : new int[] {2, 3}) {
            List<MultiDataSet> shares = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                shares.add(ReplicaStep.share(batch, rows, r, n));
            }
            assertEquals(batch.getFeatures(0), Nd4j.concat(0, shares.stream().map(s -> s.getFeatures(0)).toArray(INDArray[]::new)));
            assertEquals(batch.getLabels(0), Nd4j.concat(0, shares.stream().map(s -> s.getLabels(0)).toArray(INDArray[]::new)),
                    "targets (items*T, 1) split by item");
            assertEquals(batch.getFeaturesMaskArray(0), Nd4j.concat(0, shares.stream().map(s -> s.getFeaturesMaskArray(0)).toArray(INDArray[]::new)));
            assertEquals(batch.getLabelsMaskArray(0), Nd4j.concat(0, shares.stream().map(s -> s.getLabelsMaskArray(0)).toArray(INDArray[]::new)),
                    "the predicted counts (items*T, 1)");
            assertEquals(rows / n, shares.get(0).getFeatures(0).size(0));
        }
    }

    @Test
    void withoutBatchNormReplicasTakeTheStepOfTheWholeBatch() {
        for (List<String> model : List.of(MODELS.get(0), MODELS.get(2), MODELS.get(3))) {   // the dilated model always has batch norm
            Config c = config(model, "model.batch_norm=false", "train.optimizer=sgd", "train.lr=0.2", "train.weight_decay=0");
            PreparedData data = PreparedData.load(c.data(), c.model().blockSize());
            ComputationGraph one = ModelFamily.build(c, data.vocabulary().size());
            ComputationGraph three = ModelFamily.build(c, data.vocabulary().size());
            double[] lossOne = train(one, batches(c, data, false), 1, 0, 6);
            double[] lossThree = train(three, batches(c, data, false), 3, 0, 6);   // unequal shares: rows not divisible by 3
            for (int i = 0; i < lossOne.length; i++) {
                assertEquals(lossOne[i], lossThree[i], 2e-6, model + " loss at step " + i);
            }
            assertTrue(maxDifference(one.params(), three.params()) < 2e-6, model + ": parameters after 6 steps differ by "
                    + maxDifference(one.params(), three.params()));
            assertEquals(one.getIterationCount(), three.getIterationCount());
            assertNotEquals(lossOne[0], lossOne[5], "training moved");
        }
    }

    @Test
    void withBatchNormTwoEqualSharesTakeTheStepOfOne() {
        for (List<String> model : MODELS.subList(0, 2)) {   // the models with batch norm (fused: running statistics updated in place)
            Config c = config(model);
            assertTrue(c.model().batchNorm() && c.model().fused(), model.toString());
            PreparedData data = PreparedData.load(c.data(), c.model().blockSize());
            ComputationGraph one = ModelFamily.build(c, data.vocabulary().size());
            ComputationGraph two = ModelFamily.build(c, data.vocabulary().size());
            double[] lossOne = train(one, batches(c, data, false), 1, 0, 5);
            double[] lossTwo = train(two, batches(c, data, true), 2, 0, 5);   // each replica gets the whole batch of `one`
            for (int i = 0; i < lossOne.length; i++) {
                assertEquals(lossOne[i], lossTwo[i], 1e-6, model + " loss at step " + i);
            }
            assertTrue(maxDifference(one.params(), two.params()) < 1e-6, model + ": parameters and running statistics differ by "
                    + maxDifference(one.params(), two.params()));
        }
    }

    @Test
    void runsAreDeterministicAndResumeExactly(@TempDir Path dir) throws IOException {
        Config c = config(MODELS.get(1), "model.dropout=0.1");   // batch norm and dropout
        PreparedData data = PreparedData.load(c.data(), c.model().blockSize());
        Trainer.Batches batches = batches(c, data, false);
        ComputationGraph straight = ModelFamily.build(c, data.vocabulary().size());
        ComputationGraph again = ModelFamily.build(c, data.vocabulary().size());
        double[] losses = train(straight, batches, 2, 0, 6);
        assertEquals(Arrays.toString(losses), Arrays.toString(train(again, batches, 2, 0, 6)), "the same run twice");
        assertEquals(straight.params(), again.params());

        ComputationGraph first = ModelFamily.build(c, data.vocabulary().size());
        double[] head = train(first, batches, 2, 0, 3);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(first, file, true);
        ComputationGraph resumed = ModelSerializer.restoreComputationGraph(file, true);
        resumed.setLearningRate(new ConfigSchedule(LearningRateSchedule.of(c.train())));   // as a resumed run does
        double[] tail = train(resumed, batches, 2, 3, 3);
        assertEquals(Arrays.toString(losses), Arrays.toString(new double[] {head[0], head[1], head[2], tail[0], tail[1], tail[2]}));
        assertEquals(straight.params(), resumed.params(), "resumed after 3 of 6 steps");
    }

    @Test
    void eachReplicaDrawsItsOwnDropoutMasks() {
        Config c = config(MODELS.get(1), "model.dropout=0.3");   // both shares see the same batch statistics
        PreparedData data = PreparedData.load(c.data(), c.model().blockSize());
        ComputationGraph one = ModelFamily.build(c, data.vocabulary().size());
        ComputationGraph two = ModelFamily.build(c, data.vocabulary().size());
        double lossOne = train(one, batches(c, data, false), 1, 0, 1)[0];
        double lossTwo = train(two, batches(c, data, true), 2, 0, 1)[0];   // the same rows in both shares
        assertNotEquals(lossOne, lossTwo, "the second share drew the first share's masks");
        assertEquals(lossOne, lossTwo, 0.1, "but the same kind of loss");
    }

    @Test
    void replicasAreAConfigKeyOfAtLeastOne() {
        assertEquals(1, ConfigLoader.load(Path.of("config/wavenet.yaml"), List.of()).train().replicas());
        BadInputException e = assertThrows(BadInputException.class,
                () -> ConfigLoader.load(Path.of("config/wavenet.yaml"), List.of("train.replicas=0")));
        assertTrue(e.getMessage().contains("train.replicas"), e.getMessage());
    }
}
