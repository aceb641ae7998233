package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;
import io.makemore4j.model.layer.Plans;
import io.makemore4j.model.layer.StepDropout;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
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
 * Runtime layer of {@link TransformerBlock}, forward and backward written out by hand. The matrix
 * products, bias additions, residual sums, dropout and GELU are native ops bound once per row count
 * to the arrays of a {@link BlockPlan}; the layer norms ({@link LayerNormRows}) and the attention
 * between them ({@link CausalAttention}) are Java on the same arrays. The backward pass, with
 * {@code dOut} the gradient of the block's output:
 *
 * <pre>
 *   dm = dOut * dropM;  d(outW) = g^T dm;  d(outb) = sum dm;  dg = dm outW^T
 *   df = dg * gelu'(f); d(fcW) = h2^T df; d(fcb) = sum df;   dh2 = df fcW^T
 *   dr = dOut + LayerNorm2'(dh2)
 *   da = dr * dropA;    d(projW) = att^T da; ...;            datt = da projW^T
 *   dqkv = attention'(datt); d(qkvW) = h1^T dqkv; ...;       dh1 = dqkv qkvW^T
 *   dx = dr + LayerNorm1'(dh1)
 * </pre>
 *
 * In training the plan's arrays are kept (by row count, {@link Plans}) and the output is the plan's
 * buffer, valid until the next training pass; in inference the arrays are allocated in the graph's
 * workspaces for the one pass.
 */
public class TransformerBlockLayer extends BaseLayer<TransformerBlock> {

    private static final int SITE_ATTENTION = 0;
    private static final int SITE_PROJ = 1;
    private static final int SITE_MLP = 2;

    private final Plans<BlockPlan> plans = new Plans<>(this::trainingPlan, p -> p.params.get("qkvW") != getParam("qkvW"));
    private final LayerNormRows ln1;
    private final LayerNormRows ln2;
    private final CausalAttention attention;
    private final double[][] norms;          // ln1_g, ln1_b, ln2_g, ln2_b of the last pass
    private BlockPlan forwardPlan;           // the last training pass's, for backprop
    private PackedRows forwardLayout;
    private HostView inputView;
    private HostView epsilonView;
    private float[] attentionKeep;

    /** Created by {@link TransformerBlock#instantiate}. */
    public TransformerBlockLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        int c = layerConf().channels();
        ln1 = new LayerNormRows(c);
        ln2 = new LayerNormRows(c);
        attention = new CausalAttention(c, layerConf().getHeads());
        norms = new double[4][c];
    }

    /** The same score as DL4J's, from sums of squares in Java ({@link TransformerParams#regularizationScore}). */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return TransformerParams.regularizationScore(layerConf(), paramTable(), getIterationCount(), getEpochCount());
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("TransformerBlock is trained as part of a network");
    }

    private BlockPlan trainingPlan(long rows) {
        return new BlockPlan(rows, layerConf().getNIn(), paramTable(), BlockPlan.detached(dataType),
                Nd4j.create(dataType, new long[] {rows, layerConf().getNIn()}, 'c'), layerConf().getDropout() > 0);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        long c = layerConf().getNIn();
        INDArray x = input.dataType() == dataType ? input : input.castTo(dataType);
        if (x.rank() != 2 || x.size(1) != c) {
            throw new DL4JInvalidInputException("TransformerBlock " + layerId() + ": expected input (rows, " + c + "), got "
                    + Arrays.toString(x.shape()));
        }
        if (x.ordering() != 'c' || x.elementWiseStride() != 1) {
            x = x.dup('c');
        }
        PackedRows layout = PackedRows.of(maskArray, x.size(0), "TransformerBlock " + layerId());
        BlockPlan p;
        if (training) {
            p = plans.get(layout.rows());
        } else {
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
            p = new BlockPlan(layout.rows(), c, paramTable(), shape -> workspaceMgr.createUninitialized(
                    ArrayType.FF_WORKING_MEM, dataType, shape, 'c'), out, false);
        }
        forward(p, x, layout, training);
        forwardPlan = training ? p : null;
        forwardLayout = layout;
        return p.out;
    }

    /** The block's forward pass on the plan's arrays; in training, with dropout and kept for the backward pass. */
    private void forward(BlockPlan p, INDArray x, PackedRows layout, boolean training) {
        boolean drop = training && layerConf().getDropout() > 0;
        int used = layout.used();
        int rows = layout.rows();
        readNorms();
        inputView = HostView.of(inputView, x);
        ln1.forward(inputView, used, rows, norms[0], norms[1], p.h1V);       // h1 = LayerNorm1(x)
        BlockPlan.run(p.attentionIn);                                         // qkv = h1 qkv_W + qkv_b   (rows, 3C)
        attentionKeep = drop ? dropMask(SITE_ATTENTION, CausalAttention.pairs(layout, layerConf().getHeads())) : null;
        attention.forward(p.qkvV, layout, p.attV, training, attentionKeep);   // att        (rows, C)
        if (drop) {
            write(p.dropAV, dropMask(SITE_PROJ, p.dropAV.length()));
            write(p.dropMV, dropMask(SITE_MLP, p.dropMV.length()));
        }
        BlockPlan.run(p.attentionOut);                                        // a = att proj_W + proj_b [* dropA]
        p.residual1.input(0, x).run();                                        // r = x + a
        ln2.forward(p.rV, used, rows, norms[2], norms[3], p.h2V);            // h2 = LayerNorm2(r)
        BlockPlan.run(p.mlpIn);                                               // f = h2 fc_W + fc_b       (rows, 4C)
        p.gelu.forward();                                                     // g = gelu(f)
        BlockPlan.run(p.mlpOut);                                              // out = r + (g out_W + out_b) [* dropM]
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        BlockPlan p = forwardPlan;
        PackedRows layout = forwardLayout;
        if (p == null) {
            throw new IllegalStateException("TransformerBlock " + layerId() + ": backprop needs a training forward pass first");
        }
        INDArray eps = epsilon.dataType() == dataType && epsilon.ordering() == 'c' && epsilon.elementWiseStride() == 1
                ? epsilon : epsilon.castTo(dataType).dup('c');                // dOut (rows, C)
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            p.bindBackward(getGradientsViewArray(), gradientViews, BlockPlan.detached(dataType));
        }
        int used = layout.used();
        int rows = layout.rows();
        double[][] dNorms = new double[4][layerConf().channels()];
        if (p.dropDm != null) {
            p.dropDm.input(0, eps).run();                                     // dm = dOut * dropM
        } else {
            p.mlpOutBack[0].input(1, eps);                                    // dm = dOut
            p.mlpOutBack[1].input(1, eps);
            p.mlpOutBack[2].input(0, eps);
        }
        BlockPlan.run(p.mlpOutBack);                                          // out_W, out_b gradients; dg = dm outW^T
        p.gelu.backward();                                                    // df = dg * gelu'(f)
        BlockPlan.run(p.mlpInBack);                                           // fc_W, fc_b gradients; dh2 = df fcW^T
        epsilonView = HostView.of(epsilonView, eps);
        ln2.backward(p.rV, p.dh2V, epsilonView, used, rows, norms[2], dNorms[2], dNorms[3], p.drV);   // dr
        if (p.dropDa != null) {
            p.dropDa.run();                                                   // da = dr * dropA
        }
        BlockPlan.run(p.attentionOutBack);                                    // proj_W, proj_b gradients; datt = da projW^T
        attention.backward(p.qkvV, p.dattV, layout, p.dqkvV);                // dqkv
        BlockPlan.run(p.attentionInBack);                                     // qkv_W, qkv_b gradients; dh1 = dqkv qkvW^T
        ln1.backward(inputView, p.dh1V, p.drV, used, rows, norms[0], dNorms[0], dNorms[1], p.dxV);   // dx
        String[] keys = {"ln1g", "ln1b", "ln2g", "ln2b"};
        Gradient g = new DefaultGradient();
        for (int i = 0; i < keys.length; i++) {
            HostView.of(gradientViews.get(keys[i])).write(dNorms[i]);
        }
        for (String key : TransformerParams.INSTANCE.paramKeys(layerConf())) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        forwardPlan = null;
        return new Pair<>(g, p.dx);
    }

    /** Reads the layer norms' gains and biases. */
    private void readNorms() {
        String[] keys = {"ln1g", "ln1b", "ln2g", "ln2b"};
        for (int i = 0; i < keys.length; i++) {
            HostView.of(getParam(keys[i])).read(norms[i]);
        }
    }

    private static void write(HostView target, float[] values) {
        for (int i = 0; i < values.length; i++) {
            target.set(i, values[i]);
        }
    }

    /** The dropout scales of this step at {@code site}: salted by the layer's index, distinct for every layer of the graph. */
    private float[] dropMask(int site, int count) {
        return StepDropout.mask(conf().getSeed(), getIndex() * 8L + site, getIterationCount(), count, layerConf().getDropout());
    }

    @Override
    public void clear() {
        super.clear();
        forwardPlan = null;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        super.setBackpropGradientsViewArray(gradients);
        plans.clear();
    }

    @Override
    public void setParamTable(Map<String, INDArray> paramTable) {
        super.setParamTable(paramTable);
        plans.clear();
    }
}
