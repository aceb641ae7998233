package io.makemore4j.model.layer;

import io.makemore4j.config.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * One row count's training pass of a fused layer: every array allocated once (by {@link Plans},
 * outside any workspace) and every native op bound to its arrays once ({@link BoundOp}), so a step
 * allocates no ND4J arrays and makes one native call per op. The per-channel arithmetic on (nOut)
 * vectors (inverse standard deviation, the backward's coefficients, running statistics) is done in
 * Java on host views ({@link HostView}); column sums over the rows are matrix products with a row
 * of ones (or of the row weights). With {@code xc = z - mean}, {@code istd = 1/sqrt(var+eps)} and
 * {@code s = gamma*istd}:
 *
 * <pre>
 *   forward:  z = f(x; W);  y = xc * s + beta;  out = act(y)                        (rows, nOut)
 *   backward: dy = act'(y) * dOut
 *             dbeta = sum_rows dy;   dgamma = istd * sum_rows(dy * xc)
 *             dz = s*dy + xc*u + v,  u = -s*istd*dgamma/rows,  v = -s*dbeta/rows
 * </pre>
 *
 * which is the standard batch-norm gradient with the mean and variance depending on the input; the
 * linear map's own backward ({@link LinearMap.Training}) then gives dW and dx. With row weights
 * {@code a_r} the sums are weighted and {@code 1/rows} is replaced by them.
 */
final class FusedPlan {

    final long rows;
    final INDArray w;                // (nIn, nOut) the weights the ops are bound to
    final INDArray out;              // (rows, nOut) activation: the layer's output
    private final int nOut;
    private final double eps;
    private final INDArray z;        // (rows, nOut) f(x; W), then centred in place (xc)
    private final INDArray dy;       // (rows, nOut) dL/dy, then dL/dz in place
    private final INDArray scaleArr; // (1, nOut) s = gamma * istd
    private final INDArray uArr;     // (1, nOut)
    private final INDArray vArr;     // (1, nOut)
    private final INDArray ones;     // (1, rows)
    private final INDArray sq;       // (rows, nOut) scratch
    private final INDArray rowWeight;   // (rows, 1) weights a of the rows (sum 1), when weighted
    private final double[] istd;     // 1/sqrt(var + eps) of the last forward pass
    private final double[] gamma;    // gamma of the last forward pass
    private final double[] statA;    // per-channel scratch, (nOut) each
    private final double[] statB;
    private final double[] tmp;
    private final HostView meanH;
    private final HostView varH;
    private final HostView scaleH;
    private final HostView uH;
    private final HostView vH;
    private final HostView rowWeightH;
    private final LinearMap.Training linear;
    private final FusedActivation activation;
    private final BoundOp mean;
    private final BoundOp center;
    private final BoundOp square;
    private final BoundOp var;
    private final BoundOp scale;
    private final BoundOp shift;
    private final BoundOp weightedMean;
    private final BoundOp weightedVar;
    private boolean weighted;        // the last forward pass used rowWeight
    private INDArray input;          // the linear map's input of the last forward pass
    private BatchNormBackward backward;   // bound on first use (gradient views may not exist before training)

    /**
     * @param w    the weight parameter (nIn, nOut)
     * @param beta the shift parameter (nOut)
     */
    FusedPlan(long rows, int nOut, DataType dataType, double eps, INDArray w, INDArray beta, Activation act, LinearMap map) {
        this.rows = rows;
        this.nOut = nOut;
        this.eps = eps;
        this.w = w;
        this.ones = Nd4j.ones(dataType, 1, rows);
        this.z = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
        this.sq = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
        INDArray y = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');   // pre-activation
        this.out = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
        this.dy = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
        INDArray meanArr = Nd4j.create(dataType, 1, nOut);                  // batch mean
        INDArray varArr = Nd4j.create(dataType, 1, nOut);                   // batch (biased) variance
        this.scaleArr = Nd4j.create(dataType, 1, nOut);
        this.uArr = Nd4j.create(dataType, 1, nOut);
        this.vArr = Nd4j.create(dataType, 1, nOut);
        this.istd = new double[nOut];
        this.gamma = new double[nOut];
        this.statA = new double[nOut];
        this.statB = new double[nOut];
        this.tmp = new double[nOut];
        this.meanH = HostView.of(meanArr);
        this.varH = HostView.of(varArr);
        this.scaleH = HostView.of(scaleArr);
        this.uH = HostView.of(uArr);
        this.vH = HostView.of(vArr);
        this.linear = map.training(rows, w, z);
        this.mean = BoundOp.matmul(ones, z, meanArr, false, false, 1.0 / rows, 0.0);
        this.center = BoundOp.pairwise("subtract", z, meanArr, z);
        this.square = BoundOp.pairwise("multiply", z, z, sq);
        this.var = BoundOp.matmul(ones, sq, varArr, false, false, 1.0 / rows, 0.0);
        this.scale = BoundOp.pairwise("multiply", z, scaleArr, y);
        this.shift = BoundOp.pairwise("add", y, beta, y);
        this.rowWeight = Nd4j.create(dataType, new long[] {rows, 1}, 'c');
        INDArray rowWeightRow = rowWeight.reshape('c', 1, rows);            // (1, rows) view of it
        this.rowWeightH = HostView.of(rowWeight);
        this.weightedMean = BoundOp.matmul(rowWeightRow, z, meanArr, false, false, 1.0, 0.0);
        this.weightedVar = BoundOp.matmul(rowWeightRow, sq, varArr, false, false, 1.0, 0.0);
        this.activation = new FusedActivation(act, y, out, sq, dy);
    }

    /**
     * The forward pass with batch statistics; returns {@link #out}.
     *
     * @param x          the linear map's input
     * @param rowWeights the rows' weights in the statistics ({@link LinearMap#rowWeights}), or null
     * @param gammaV     the scale parameter
     * @param beta       the shift parameter, as bound (rebound when the object changed)
     */
    INDArray forward(INDArray x, double[] rowWeights, HostView gammaV, INDArray beta) {
        weighted = setRowWeights(rowWeights);
        linear.forward(x);                     // z = f(x; W)                (rows, nOut)
        (weighted ? weightedMean : mean).run();   // mean = ones z / rows, or a z with weights a   (1, nOut)
        center.run();                          // z -= mean: now xc
        square.run();                          // sq = xc * xc
        (weighted ? weightedVar : var).run();     // var = ones sq / rows, or a sq                 (1, nOut)
        // istd = 1/sqrt(var + eps); s = gamma * istd
        varH.read(statB);
        gammaV.read(gamma);
        for (int j = 0; j < nOut; j++) {
            istd[j] = 1.0 / Math.sqrt(statB[j] + eps);
            tmp[j] = gamma[j] * istd[j];
        }
        scaleH.write(tmp);
        scale.run();                           // y = xc * s
        shift.input(1, beta).run();            // y += beta
        activation.forward();                  // out = act(y)
        input = x;
        return out;
    }

    /**
     * The backward pass of the last {@link #forward}: writes the gradients of gamma, beta and W into
     * their views and returns the gradient for the layer's input.
     *
     * @param dOut      dL/dout (rows, nOut)
     * @param gradients the layer's flat gradient array, whose views {@code views} are (by parameter name)
     */
    INDArray backward(INDArray dOut, INDArray gradients, Map<String, INDArray> views) {
        if (backward == null || backward.gradients != gradients) {   // bound once, or again after the views change
            backward = new BatchNormBackward(gradients, views);
        }
        activation.backward(dOut);                 // dy = act'(y) * dOut     (rows, nOut)
        backward.sums();                           // dbeta = ones dy; dgamma' = ones (dy * xc)   (1, nOut)
        // dgamma = istd * dgamma'; u = -s*istd*dgamma/rows; v = -s*dbeta/rows; s = gamma*istd
        backward.dGammaV.read(statA);
        backward.dBetaV.read(statB);
        double perRow = weighted ? 1.0 : 1.0 / rows;   // weighted: the row weights a_r come in below
        for (int j = 0; j < nOut; j++) {
            double s = gamma[j] * istd[j];
            statA[j] *= istd[j];
            tmp[j] = -s * istd[j] * statA[j] * perRow;
            statB[j] = -s * statB[j] * perRow;
        }
        backward.dGammaV.write(statA);
        uH.write(tmp);
        vH.write(statB);
        backward.dz(weighted);                     // dy = s*dy + xc*u + v (times a): now dz
        return linear.backward(input, dy, views.get(FusedLinearBatchNorm.WEIGHT));   // dW from dz; dx
    }

    /**
     * The running statistics, as DL4J's BatchNormalization: {@code s -= (1-decay)*(s - batch)}, from
     * the last forward pass's batch mean and variance.
     */
    void updateRunning(HostView meanV, HostView varV, double decay) {
        double keep = 1.0 - decay;
        meanH.read(statA);
        meanV.read(tmp);
        for (int j = 0; j < nOut; j++) {
            tmp[j] -= keep * (tmp[j] - statA[j]);
        }
        meanV.write(tmp);
        varH.read(statB);
        varV.read(tmp);
        for (int j = 0; j < nOut; j++) {
            tmp[j] -= keep * (tmp[j] - statB[j]);
        }
        varV.write(tmp);
    }

    /** Writes the row weights (null: equal weights); returns whether the rows are weighted. */
    private boolean setRowWeights(double[] weights) {
        if (weights == null) {
            return false;
        }
        if (weights.length != rows) {
            throw new IllegalStateException("FusedLinearBatchNorm: " + weights.length + " row weights for " + rows + " rows");
        }
        rowWeightH.write(weights);
        return true;
    }

    /** The batch norm's backward ops, bound to the gradient views of gamma and beta. */
    private final class BatchNormBackward {
        final INDArray gradients;
        final HostView dGammaV;
        final HostView dBetaV;
        final BoundOp dBeta;
        final BoundOp dyXc;
        final BoundOp dGamma;
        final BoundOp dzScale;
        final BoundOp dzXc;
        final BoundOp dzAddXc;
        final BoundOp dzAddV;
        final BoundOp dzAddVToSq;        // weighted rows only
        final BoundOp dzWeightSq;

        BatchNormBackward(INDArray gradients, Map<String, INDArray> views) {
            this.gradients = gradients;
            INDArray dGammaRow = views.get(FusedLinearBatchNorm.GAMMA).reshape(1, nOut);   // (1, nOut) views
            INDArray dBetaRow = views.get(FusedLinearBatchNorm.BETA).reshape(1, nOut);
            this.dGammaV = HostView.of(dGammaRow);
            this.dBetaV = HostView.of(dBetaRow);
            dBeta = BoundOp.matmul(ones, dy, dBetaRow, false, false, 1.0, 0.0);
            dyXc = BoundOp.pairwise("multiply", dy, z, sq);
            dGamma = BoundOp.matmul(ones, sq, dGammaRow, false, false, 1.0, 0.0);
            dzScale = BoundOp.pairwise("multiply", dy, scaleArr, dy);
            dzXc = BoundOp.pairwise("multiply", z, uArr, sq);
            dzAddXc = BoundOp.pairwise("add", dy, sq, dy);
            dzAddV = BoundOp.pairwise("add", dy, vArr, dy);
            dzAddVToSq = BoundOp.pairwise("add", sq, vArr, sq);
            dzWeightSq = BoundOp.pairwise("multiply", sq, rowWeight, sq);
        }

        /** dbeta = ones dy; sq = dy * xc; dgamma' = ones sq. */
        void sums() {
            dBeta.run();
            dyXc.run();
            dGamma.run();
        }

        /** dz from dy and the coefficients s, u, v written by the caller, in place in dy. */
        void dz(boolean weighted) {
            dzScale.run();                  // dy *= s
            dzXc.run();                     // sq = xc * u
            if (weighted) {
                dzAddVToSq.run();           // sq += v
                dzWeightSq.run();           // sq *= a (per row)
                dzAddXc.run();              // dy += sq: now dz
            } else {
                dzAddXc.run();              // dy += sq
                dzAddV.run();               // dy += v: now dz
            }
        }
    }
}
