package io.makemore4j.model.bow;

import io.makemore4j.model.layer.HostView;
import io.makemore4j.model.layer.Plans;
import io.makemore4j.model.sequence.SequenceLayer;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;

/**
 * Runtime of {@link CausalBow} with a hand-written backward pass ({@link BowPlan}). {@code rnnTimeStep}
 * continues each row's running mean from its stored state: {@code "sum"} (rows, nIn), the sum of the
 * row's positions so far, and {@code "count"} (rows, 1), their number.
 */
public class CausalBowLayer extends SequenceLayer<CausalBow> {

    /** State key: each row's sum of its positions so far, (rows, nIn). */
    public static final String SUM = "sum";
    /** State key: each row's number of positions so far, (rows, 1). */
    public static final String COUNT = "count";

    private final Plans<BowPlan> plans = new Plans<>(rows -> new BowPlan(layerConf(), dataType, rows, Map.copyOf(params)), this::stale);
    /** Inference (evaluation chunks, sampling steps) comes in many shapes: one plan at a time. */
    private final Plans<BowPlan> inferencePlans = new Plans<>(rows -> new BowPlan(layerConf(), dataType, rows, Map.copyOf(params)),
            this::stale, 1);
    private BowPlan lastTraining;
    private long[] lastShape;

    public CausalBowLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean stale(BowPlan p) {
        return p.params.get(CausalBow.W1) != getParam(CausalBow.W1) || p.params.get(CausalBow.W2) != getParam(CausalBow.W2);
    }

    private INDArray checked(INDArray x) {
        if (x.rank() != 3 || x.size(2) != layerConf().getNIn()) {
            throw new DL4JInvalidInputException(layerId() + ": expected (items, T, " + layerConf().getNIn() + "), got "
                    + Arrays.toString(x.shape()));
        }
        return x.dataType() == dataType && x.ordering() == 'c' && x.elementWiseStride() == 1 ? x : x.castTo(dataType).dup('c');
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = checked(input);
        int items = (int) x.size(0);
        int time = (int) x.size(1);
        int n = (int) layerConf().getNIn();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');    // (items, T, n)
        BowPlan p = (training ? plans : inferencePlans).get((long) items * time);
        p.forward(HostView.of(x), HostView.of(out), items, time, new double[items * n], new int[items]);
        lastTraining = training ? p : null;
        lastShape = x.shape();
        return out;
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray x = checked(input);
        int items = (int) x.size(0);
        int n = (int) layerConf().getNIn();
        double[] sums = new double[items * n];
        int[] counts = new int[items];
        INDArray storedSum = stateMap.get(SUM);
        if (storedSum != null) {
            if (storedSum.size(0) != items) {
                throw new IllegalStateException(layerId() + ": the stored state has " + storedSum.size(0) + " rows, the input " + items);
            }
            HostView.of(storedSum.dup('c')).read(0, sums, 0, items * n);
            INDArray storedCount = stateMap.get(COUNT);
            for (int b = 0; b < items; b++) {
                counts[b] = storedCount.getInt(b, 0);
            }
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        inferencePlans.get(x.size(0) * x.size(1)).forward(HostView.of(x), HostView.of(out), items, (int) x.size(1), sums, counts);
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray sum = Nd4j.create(dataType, items, n);
            HostView.of(sum).write(0, sums, 0, items * n);
            stateMap.put(SUM, sum);
            stateMap.put(COUNT, Nd4j.createFromArray(counts).reshape(items, 1));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        BowPlan p = lastTraining;
        if (p == null || !Arrays.equals(epsilon.shape(), lastShape)) {
            throw new IllegalStateException(layerId() + ": backprop needs a training forward pass of the same batch first");
        }
        INDArray eps = epsilon.dataType() == dataType && epsilon.ordering() == 'c' && epsilon.elementWiseStride() == 1
                ? epsilon : epsilon.castTo(dataType).dup('c');
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, lastShape, 'c');
        p.backward(HostView.of(eps), HostView.of(dx), (int) lastShape[0], (int) lastShape[1], gradientViews);
        Gradient g = new DefaultGradient();
        for (String key : CausalBow.Params.INSTANCE.paramKeys(layerConf())) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        return new Pair<>(g, dx);
    }

    @Override
    public void setParamTable(Map<String, INDArray> paramTable) {
        super.setParamTable(paramTable);
        plans.clear();
        inferencePlans.clear();
    }

    @Override
    public void clear() {
        super.clear();
        lastTraining = null;
    }
}
