package io.makemore4j.model.layer;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Map;

/**
 * Runtime layer of {@link FusedLinearBatchNorm}: Linear (no bias) + BatchNorm over the rows +
 * tanh/relu/sigmoid, forward and backward written out by hand on preallocated arrays.
 *
 * <p>Training works on a {@link Plan} per row count: every intermediate array is allocated once
 * (outside any workspace) and every native op is bound to its arrays once ({@link BoundOp}), so a
 * step allocates no ND4J arrays and makes one native call per op: 8 forward, 12 backward. The
 * per-channel arithmetic on (nOut) vectors (inverse standard deviation, the backward's coefficients,
 * running statistics, which this layer updates itself in backprop) is done in Java on host views
 * ({@link HostView}). Column sums over the rows
 * are matrix products with a row of ones. With {@code xc = z - mean}, {@code istd = 1/sqrt(var+eps)}
 * and {@code s = gamma*istd}, the backward pass is
 *
 * <pre>
 *   dy     = act'(y) * dOut  (tanh: dOut - dOut*out*out) (rows, nOut)
 *   dbeta  = sum_rows dy;   dgamma = istd * sum_rows(dy * xc)
 *   dz     = s*dy + xc*u + v,  u = -s*istd*dgamma/rows,  v = -s*dbeta/rows
 *   dW     = x^T dz;  dx = dz W^T
 * </pre>
 *
 * which is the standard batch-norm gradient with the mean and variance depending on the input.
 * The activation returned is a buffer of this layer reused at the next pass (the graph consumes it
 * before then): the plan's in training, a detached buffer grown to the largest batch in inference.
 * Activations returned by {@code feedForward} therefore hold until the next forward pass only.
 */
public class FusedLinearBatchNormLayer extends BaseLayer<FusedLinearBatchNorm> {

    private final Plans<Plan> plans = new Plans<>(Plan::new, p -> p.w != getParam(FusedLinearBatchNorm.WEIGHT));
    /** The plan of the last training forward pass, whose arrays the backward pass reads; null otherwise. */
    private Plan forwardPlan;

    // per-channel scratch, (nOut) each
    private final double[] gammaH;
    private final double[] statA;
    private final double[] statB;
    private final double[] tmp;
    // inference: out = z * infScale + infShift, from the running statistics; (nOut) each, detached
    private INDArray infScale;
    private INDArray infShift;
    private INDArray infWeights;      // (nIn, nOut) W * infScale
    private INDArray infOut;          // (rows, nOut) inference output buffer, grown to the largest batch
    private HostView infScaleH;
    private HostView infShiftH;
    // host views of parameters and gradients, refreshed when the arrays change
    private HostView gammaV;
    private HostView betaV;
    private HostView meanV;
    private HostView varV;
    private HostView dGammaV;
    private HostView dBetaV;

    /** Created by {@link FusedLinearBatchNorm#instantiate}. */
    public FusedLinearBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        int nOut = Math.toIntExact(layerConf().getNOut());
        this.gammaH = new double[nOut];
        this.statA = new double[nOut];
        this.statB = new double[nOut];
        this.tmp = new double[nOut];
    }

    private boolean isTanh() {
        return layerConf().getActivationFn() instanceof ActivationTanH;
    }

    private boolean isSigmoid() {
        return layerConf().getActivationFn() instanceof ActivationSigmoid;
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
    public boolean hasBias() {
        return false;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("FusedLinearBatchNorm is trained as part of a network");
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input;
        if (x.dataType() != dataType) {
            x = workspaceMgr.castTo(ArrayType.INPUT, dataType, x, false);
        }
        x = linearInput(x, training);             // (rows, nIn)
        if (training) {
            return trainForward(x);
        }
        forwardPlan = null;
        return inferForward(x);
    }

    /**
     * The checked input of the linear map, {@code (rows, nIn)} here; a subclass with its own
     * {@link #linearForward} may take another shape.
     */
    protected INDArray linearInput(INDArray x, boolean training) {
        if (x.rank() != 2 || x.size(1) != layerConf().getNIn()) {
            throw new DL4JInvalidInputException("FusedLinearBatchNorm " + layerId() + ": expected input (rows, "
                    + layerConf().getNIn() + "), got " + Arrays.toString(x.shape()));
        }
        return x;
    }

    /**
     * Weights of the rows in the batch statistics, summing to 1, or null when every row counts the
     * same (then the mean is a plain mean over the rows). Rows of weight 0 (padding) take no part in
     * the statistics and must receive a zero gradient; a row of weight w counts as w equal rows.
     */
    protected double[] rowWeights(long rows) {
        return null;
    }

    /** Whether the subclass computes the linear map itself ({@link #linearForward}, {@link #linearBackward}). */
    protected boolean customLinear() {
        return false;
    }

    /**
     * A subclass's linear map {@code z = f(x; w)} into {@code z} (rows, nOut), {@code w} the
     * (nIn, nOut) weights (in inference: with batch norm folded in). Here: unused (one bound matmul).
     */
    protected void linearForward(INDArray x, INDArray w, INDArray z) {
        throw new UnsupportedOperationException();
    }

    /**
     * A subclass's backward pass of its linear map: writes {@code dW} (nIn, nOut) and returns the
     * gradient for the layer's input, given {@code dz} (rows, nOut).
     */
    protected INDArray linearBackward(INDArray x, INDArray w, INDArray dz, INDArray dW) {
        throw new UnsupportedOperationException();
    }

    /** Training: batch statistics, on the plan of this row count. Returns the plan's output array. */
    private INDArray trainForward(INDArray x) {
        Plan p = plan(x.size(0));
        int nOut = gammaH.length;
        p.weighted = p.setRowWeights(rowWeights(p.rows));
        if (customLinear()) {
            linearForward(x, p.w, p.z);        // z = f(x; W)                (rows, nOut)
        } else {
            p.linear.input(0, x).run();        // z = x W                    (rows, nOut)
        }
        (p.weighted ? p.weightedMean : p.mean).run();   // mean = ones z / rows, or a z with weights a   (1, nOut)
        p.center.run();                        // z -= mean: now xc
        p.square.run();                        // sq = xc * xc
        (p.weighted ? p.weightedVar : p.var).run();     // var = ones sq / rows, or a sq                 (1, nOut)
        // istd = 1/sqrt(var + eps); s = gamma * istd
        p.varH.read(statB);
        gammaV.read(p.gamma);
        double eps = layerConf().getEps();
        for (int j = 0; j < nOut; j++) {
            p.istd[j] = 1.0 / Math.sqrt(statB[j] + eps);
            tmp[j] = p.gamma[j] * p.istd[j];
        }
        p.scaleH.write(tmp);
        p.scale.run();                         // y = xc * s
        p.shift.input(1, getParam(FusedLinearBatchNorm.BETA)).run();   // y += beta
        p.activation.run();                    // out = act(y)
        p.input = x;
        forwardPlan = p;
        return p.out;
    }

    /**
     * Inference: the running statistics folded into the weights, {@code out = act(x (W*a) + b)} with
     * {@code a = gamma/sqrt(var+eps)}, {@code b = beta - mean*a}: a scale of W (nIn x nOut values),
     * one matrix product with the bias added ({@code xw_plus_b}) and the activation in place.
     */
    private INDArray inferForward(INDArray x) {
        long rows = x.size(0);
        int nOut = gammaH.length;
        if (infScale == null) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                infScale = Nd4j.create(dataType, nOut);
                infShift = Nd4j.create(dataType, nOut);
                infWeights = Nd4j.create(dataType, new long[] {layerConf().getNIn(), nOut}, 'c');
            }
            infScaleH = HostView.of(infScale);
            infShiftH = HostView.of(infShift);
        }
        refreshParamViews();
        gammaV.read(gammaH);
        meanV.read(statA);
        varV.read(statB);
        betaV.read(tmp);
        double eps = layerConf().getEps();
        for (int j = 0; j < nOut; j++) {
            double a = gammaH[j] / Math.sqrt(statB[j] + eps);
            statB[j] = tmp[j] - statA[j] * a;  // shift = beta - mean * a
            statA[j] = a;
        }
        infScaleH.write(statA);
        infShiftH.write(statB);
        INDArray out = inferenceOutput(rows);                                                   // (rows, nOut)
        Nd4j.exec(DynamicCustomOp.builder("multiply").addInputs(getParam(FusedLinearBatchNorm.WEIGHT), infScale)
                .addOutputs(infWeights).build());                                            // W*a (nIn, nOut)
        if (customLinear()) {
            linearForward(x, infWeights, out);
            out.addiRowVector(infShift);
        } else {
            Nd4j.exec(DynamicCustomOp.builder("xw_plus_b").addInputs(x, infWeights, infShift).addOutputs(out).build());
        }
        if (isTanh()) {
            Nd4j.exec(DynamicCustomOp.builder("tanh").addInputs(out).addOutputs(out).build());
        } else if (isSigmoid()) {
            Nd4j.exec(DynamicCustomOp.builder("sigmoid").addInputs(out).addOutputs(out).build());
        } else {
            Nd4j.exec(DynamicCustomOp.builder("relu").addInputs(out).addOutputs(out).addFloatingPointArguments(0.0).build());
        }
        return out;
    }

    /**
     * The first {@code rows} rows of a detached buffer that only grows (to the largest batch seen,
     * e.g. an evaluation chunk). Detached, so the next vertex takes a view of it instead of copying it
     * between workspaces; valid until the next inference pass.
     */
    private INDArray inferenceOutput(long rows) {
        if (infOut == null || infOut.size(0) < rows) {
            infOut = null;
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                infOut = Nd4j.create(dataType, new long[] {rows, layerConf().getNOut()}, 'c');
            }
        }
        return infOut.size(0) == rows ? infOut : infOut.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Plan p = forwardPlan;
        if (p == null) {
            throw new IllegalStateException("FusedLinearBatchNorm " + layerId()
                    + ": backprop needs a training-mode forward pass of the same input first");
        }
        if (epsilon.dataType() != dataType) {
            epsilon = epsilon.castTo(dataType);
        }
        p.bindBackward();
        int nOut = gammaH.length;
        double rows = p.rows;
        if (p.sigmoidBpEpsOut != null) {
            // sigmoid' from the saved output: dy = dOut*out - dOut*out*out
            p.sigmoidBpEpsOut.input(0, epsilon).run();   // sq = dOut * out
            p.sigmoidBpSqOut.run();                      // dy = sq * out
            p.sigmoidBpSub.run();                        // dy = sq - dy              (rows, nOut)
        } else if (p.tanhBpEpsOut != null) {
            // tanh' from the saved output: dy = dOut - dOut*out*out (libnd4j's tanh_bp recomputes tanh)
            p.tanhBpEpsOut.input(0, epsilon).run();   // sq = dOut * out
            p.tanhBpSqOut.run();                      // sq *= out
            p.tanhBpSub.input(0, epsilon).run();      // dy = dOut - sq                (rows, nOut)
        } else {
            p.activationBp.input(1, epsilon).run();   // dy = relu'(y) * dOut          (rows, nOut)
        }
        p.dBeta.run();                            // dbeta = ones dy               (1, nOut)
        p.dyXc.run();                             // sq = dy * xc
        p.dGamma.run();                           // dgamma' = ones sq             (1, nOut)
        // dgamma = istd * dgamma'; u = -s*istd*dgamma/rows; v = -s*dbeta/rows; s = gamma*istd
        dGammaV.read(statA);
        dBetaV.read(statB);
        double perRow = p.weighted ? 1.0 : 1.0 / rows;   // weighted: the row weights a_r come in below
        for (int j = 0; j < nOut; j++) {
            double istd = p.istd[j];
            double s = p.gamma[j] * istd;
            statA[j] *= istd;
            tmp[j] = -s * istd * statA[j] * perRow;
            statB[j] = -s * statB[j] * perRow;
        }
        dGammaV.write(statA);
        p.uH.write(tmp);
        p.vH.write(statB);
        p.dzScale.run();                          // dy *= s
        p.dzXc.run();                             // sq = xc * u
        if (p.weighted) {
            p.dzAddVToSq.run();                   // sq += v
            p.dzWeightSq.run();                   // sq *= a (per row)
            p.dzAddXc.run();                      // dy += sq: now dz
        } else {
            p.dzAddXc.run();                      // dy += sq
            p.dzAddV.run();                       // dy += v: now dz
        }
        INDArray dx;
        if (customLinear()) {
            dx = linearBackward(p.input, p.w, p.dy, gradientViews.get(FusedLinearBatchNorm.WEIGHT));
        } else {
            p.dW.input(0, p.input).run();         // dW = x^T dz                   (nIn, nOut)
            p.dX.run();                           // dx = dz W^T                   (rows, nIn)
            dx = p.dx;
        }

        // running statistics, as DL4J's BatchNormalization: s -= (1-decay)*(s - batch); zero gradient
        double keep = 1.0 - layerConf().getDecay();
        p.meanH.read(statA);
        meanV.read(tmp);
        for (int j = 0; j < nOut; j++) {
            tmp[j] -= keep * (tmp[j] - statA[j]);
        }
        meanV.write(tmp);
        p.varH.read(statB);
        varV.read(tmp);
        for (int j = 0; j < nOut; j++) {
            tmp[j] -= keep * (tmp[j] - statB[j]);
        }
        varV.write(tmp);

        Gradient g = new DefaultGradient();
        for (String key : FusedLinearBatchNormParams.INSTANCE.paramKeys(layerConf())) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        forwardPlan = null;
        return new Pair<>(g, dx);
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

    private void refreshParamViews() {
        gammaV = HostView.of(gammaV, getParam(FusedLinearBatchNorm.GAMMA));
        betaV = HostView.of(betaV, getParam(FusedLinearBatchNorm.BETA));
        meanV = HostView.of(meanV, getParam(FusedLinearBatchNorm.MEAN));
        varV = HostView.of(varV, getParam(FusedLinearBatchNorm.VAR));
    }

    private Plan plan(long rows) {
        Plan p = plans.get(rows);
        refreshParamViews();
        return p;
    }

    /** The arrays and bound ops of one row count, allocated outside any workspace ({@link Plans}). */
    private final class Plan {
        final long rows;
        final INDArray w;          // (nIn, nOut) the weights the ops are bound to
        final INDArray ones;       // (1, rows)
        final INDArray z;          // (rows, nOut) x W, then centred in place (xc)
        final INDArray sq;         // (rows, nOut) scratch
        final INDArray y;          // (rows, nOut) pre-activation
        final INDArray out;        // (rows, nOut) activation
        final INDArray dy;         // (rows, nOut) dL/dy, then dL/dz in place
        final INDArray dx;         // (rows, nIn)
        final INDArray meanArr;    // (1, nOut) batch mean
        final INDArray varArr;     // (1, nOut) batch (biased) variance
        final INDArray scaleArr;   // (1, nOut) s = gamma * istd
        final INDArray uArr;       // (1, nOut)
        final INDArray vArr;       // (1, nOut)
        final double[] istd;       // 1/sqrt(var + eps) of the last forward pass
        final double[] gamma;      // gamma of the last forward pass
        final HostView meanH;
        final HostView varH;
        final HostView scaleH;
        final HostView uH;
        final HostView vH;
        final BoundOp linear;
        final BoundOp mean;
        final BoundOp center;
        final BoundOp square;
        final BoundOp var;
        final BoundOp scale;
        final BoundOp shift;
        final BoundOp activation;
        final INDArray rowWeight;  // (rows, 1) weights a of the rows (sum 1), when weighted
        final INDArray rowWeightRow;   // (1, rows) view of it
        final HostView rowWeightH;
        final BoundOp weightedMean;
        final BoundOp weightedVar;
        boolean weighted;          // the last forward pass used rowWeight
        INDArray input;            // (rows, nIn) the input of the last forward pass
        // backward ops, bound on first use (gradient views may not exist before training starts)
        INDArray boundGradients;
        BoundOp activationBp;      // relu
        BoundOp sigmoidBpEpsOut;   // sigmoid: three pairwise ops
        BoundOp sigmoidBpSqOut;
        BoundOp sigmoidBpSub;
        BoundOp tanhBpEpsOut;      // tanh: three pairwise ops
        BoundOp tanhBpSqOut;
        BoundOp tanhBpSub;
        BoundOp dBeta;
        BoundOp dyXc;
        BoundOp dGamma;
        BoundOp dzScale;
        BoundOp dzXc;
        BoundOp dzAddXc;
        BoundOp dzAddV;
        BoundOp dzAddVToSq;        // weighted rows only
        BoundOp dzWeightSq;
        BoundOp dW;
        BoundOp dX;

        Plan(long rows) {
            this.rows = rows;
            long nIn = layerConf().getNIn();
            long nOut = layerConf().getNOut();
            this.w = getParam(FusedLinearBatchNorm.WEIGHT);
            this.ones = Nd4j.ones(dataType, 1, rows);
            this.z = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
            this.sq = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
            this.y = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
            this.out = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
            this.dy = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
            this.dx = Nd4j.create(dataType, new long[] {rows, nIn}, 'c');
            this.meanArr = Nd4j.create(dataType, 1, nOut);
            this.varArr = Nd4j.create(dataType, 1, nOut);
            this.scaleArr = Nd4j.create(dataType, 1, nOut);
            this.uArr = Nd4j.create(dataType, 1, nOut);
            this.vArr = Nd4j.create(dataType, 1, nOut);
            this.istd = new double[(int) nOut];
            this.gamma = new double[(int) nOut];
            this.meanH = HostView.of(meanArr);
            this.varH = HostView.of(varArr);
            this.scaleH = HostView.of(scaleArr);
            this.uH = HostView.of(uArr);
            this.vH = HostView.of(vArr);
            this.linear = BoundOp.matmul(dx, w, z, false, false, 1.0, 0.0);     // dx: placeholder for the input
            this.mean = BoundOp.matmul(ones, z, meanArr, false, false, 1.0 / rows, 0.0);
            this.center = BoundOp.pairwise("subtract", z, meanArr, z);
            this.square = BoundOp.pairwise("multiply", z, z, sq);
            this.var = BoundOp.matmul(ones, sq, varArr, false, false, 1.0 / rows, 0.0);
            this.scale = BoundOp.pairwise("multiply", z, scaleArr, y);
            this.shift = BoundOp.pairwise("add", y, getParam(FusedLinearBatchNorm.BETA), y);
            this.rowWeight = Nd4j.create(dataType, new long[] {rows, 1}, 'c');
            this.rowWeightRow = rowWeight.reshape('c', 1, rows);
            this.rowWeightH = HostView.of(rowWeight);
            this.weightedMean = BoundOp.matmul(rowWeightRow, z, meanArr, false, false, 1.0, 0.0);
            this.weightedVar = BoundOp.matmul(rowWeightRow, sq, varArr, false, false, 1.0, 0.0);
            this.activation = isTanh() ? BoundOp.of("tanh", new INDArray[] {y}, new INDArray[] {out})
                    : isSigmoid() ? BoundOp.of("sigmoid", new INDArray[] {y}, new INDArray[] {out})
                    : BoundOp.of("relu", new INDArray[] {y}, new INDArray[] {out}, 0.0);
        }

        /** Writes the row weights (null: equal weights); returns whether the rows are weighted. */
        boolean setRowWeights(double[] weights) {
            if (weights == null) {
                return false;
            }
            if (weights.length != rows) {
                throw new IllegalStateException("FusedLinearBatchNorm " + layerId() + ": " + weights.length
                        + " row weights for " + rows + " rows");
            }
            rowWeightH.write(weights);
            return true;
        }

        /** Binds the backward ops to the current gradient views (once, or again after they change). */
        void bindBackward() {
            INDArray flat = getGradientsViewArray();
            if (flat == null || gradientViews == null) {
                throw new IllegalStateException("FusedLinearBatchNorm " + layerId() + ": no gradient views set");
            }
            if (boundGradients == flat) {
                return;
            }
            long nOut = layerConf().getNOut();
            INDArray dGammaRow = gradientViews.get(FusedLinearBatchNorm.GAMMA).reshape(1, nOut);   // views
            INDArray dBetaRow = gradientViews.get(FusedLinearBatchNorm.BETA).reshape(1, nOut);
            dGammaV = HostView.of(dGammaRow);
            dBetaV = HostView.of(dBetaRow);
            if (isSigmoid()) {
                sigmoidBpEpsOut = BoundOp.pairwise("multiply", dy, out, sq);    // dy: placeholder for dOut
                sigmoidBpSqOut = BoundOp.pairwise("multiply", sq, out, dy);
                sigmoidBpSub = BoundOp.pairwise("subtract", sq, dy, dy);
            } else if (isTanh()) {
                tanhBpEpsOut = BoundOp.pairwise("multiply", dy, out, sq);       // dy: placeholder for dOut
                tanhBpSqOut = BoundOp.pairwise("multiply", sq, out, sq);
                tanhBpSub = BoundOp.pairwise("subtract", dy, sq, dy);
            } else {
                activationBp = BoundOp.of("relu_bp", new INDArray[] {y, out}, new INDArray[] {dy}, 0.0);
            }
            dBeta = BoundOp.matmul(ones, dy, dBetaRow, false, false, 1.0, 0.0);
            dyXc = BoundOp.pairwise("multiply", dy, z, sq);
            dGamma = BoundOp.matmul(ones, sq, dGammaRow, false, false, 1.0, 0.0);
            dzScale = BoundOp.pairwise("multiply", dy, scaleArr, dy);
            dzXc = BoundOp.pairwise("multiply", z, uArr, sq);
            dzAddXc = BoundOp.pairwise("add", dy, sq, dy);
            dzAddV = BoundOp.pairwise("add", dy, vArr, dy);
            dzAddVToSq = BoundOp.pairwise("add", sq, vArr, sq);
            dzWeightSq = BoundOp.pairwise("multiply", sq, rowWeight, sq);
            dW = BoundOp.matmul(dx, dy, gradientViews.get(FusedLinearBatchNorm.WEIGHT), true, false, 1.0, 0.0);
            dX = BoundOp.matmul(dy, w, dx, false, true, 1.0, 0.0);
            boundGradients = flat;
        }
    }
}
