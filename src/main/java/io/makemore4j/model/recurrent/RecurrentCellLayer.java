package io.makemore4j.model.recurrent;

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
 * Runtime of {@link RecurrentCell}: {@code (items, T, nIn) -> (items, T, nOut)} with a hand-written
 * backward pass ({@link CellPlan}). Positions after the batch's longest item (by the graph's mask)
 * are not computed (their outputs are 0): the cell is causal, so padding after an item changes
 * nothing before it; the mask is passed on to the output layer, which gives padded positions no
 * gradient. {@code rnnTimeStep} continues each row from its stored state
 * {@code "h"} (rows, nOut), or from the learned start state.
 */
public class RecurrentCellLayer extends SequenceLayer<RecurrentCell> {

    /** State key: each row's last hidden state, (rows, nOut). */
    public static final String HIDDEN = "h";

    private final Plans<CellPlan> plans = new Plans<>(key -> plan(key, true), this::stale);
    /** Inference (evaluation chunks, sampling steps) comes in many shapes: one plan at a time, without backprop's arrays. */
    private final Plans<CellPlan> inferencePlans = new Plans<>(key -> plan(key, false), this::stale, 1);
    private CellPlan lastTraining;

    public RecurrentCellLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private CellPlan plan(long key, boolean training) {
        return new CellPlan(layerConf(), dataType, key, Map.copyOf(params), training);
    }

    private boolean stale(CellPlan p) {
        return p.params.get(RecurrentCell.CELL_H) != getParam(RecurrentCell.CELL_H)
                || p.params.get(RecurrentCell.CELL_X) != getParam(RecurrentCell.CELL_X);
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
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {x.size(0), x.size(1), layerConf().getNOut()}, 'c');      // (items, T, nOut)
        CellPlan p = (training ? plans : inferencePlans).get(CellPlan.key(x.size(0), x.size(1)));
        p.forward(HostView.of(x), HostView.of(out), null, positions((int) x.size(1)));
        lastTraining = training ? p : null;
        return out;
    }

    /**
     * The positions to compute: up to the last one the mask marks in any item (the batch's longest
     * item), or all {@code time} without a mask.
     */
    private int positions(int time) {
        if (maskArray == null) {
            return time;
        }
        INDArray m = maskArray.dataType() == dataType && maskArray.ordering() == 'c' && maskArray.elementWiseStride() == 1
                ? maskArray : maskArray.castTo(dataType).dup('c');                  // (items, T)
        if (m.length() % time != 0) {
            return time;
        }
        HostView v = HostView.of(m);
        int last = 0;
        int items = (int) (m.length() / time);
        for (int b = 0; b < items; b++) {
            for (int t = time - 1; t >= last; t--) {
                if (v.get(b * time + t) != 0) {
                    last = t + 1;
                    break;
                }
            }
        }
        return Math.max(last, 1);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray x = checked(input);
        int rows = Math.toIntExact(x.size(0));
        int h = (int) layerConf().getNOut();
        double[] initial = null;
        INDArray stored = stateMap.get(HIDDEN);
        if (stored != null) {
            if (stored.size(0) != rows) {
                throw new IllegalStateException(layerId() + ": the stored state has " + stored.size(0) + " rows, the input " + rows);
            }
            initial = new double[rows * h];
            HostView.of(stored.dup('c')).read(0, initial, 0, rows * h);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {rows, x.size(1), h}, 'c');
        double[] last = inferencePlans.get(CellPlan.key(rows, x.size(1))).forward(HostView.of(x), HostView.of(out), initial, (int) x.size(1));
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray state = Nd4j.create(dataType, rows, h);
            HostView.of(state).write(0, last, 0, rows * h);
            stateMap.put(HIDDEN, state);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        CellPlan p = lastTraining;
        if (p == null || epsilon.size(0) != p.items || epsilon.size(1) != p.time) {
            throw new IllegalStateException(layerId() + ": backprop needs a training forward pass of the same batch first");
        }
        INDArray eps = epsilon.dataType() == dataType && epsilon.ordering() == 'c' && epsilon.elementWiseStride() == 1
                ? epsilon : epsilon.castTo(dataType).dup('c');                          // (items, T, nOut)
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {p.items, p.time, layerConf().getNIn()}, 'c');             // (items, T, nIn)
        p.backward(HostView.of(eps), HostView.of(dx), gradientViews);
        Gradient g = new DefaultGradient();
        for (String key : RecurrentCell.Params.INSTANCE.paramKeys(layerConf())) {
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
