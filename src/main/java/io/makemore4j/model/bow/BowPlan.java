package io.makemore4j.model.bow;

import io.makemore4j.model.layer.BoundOp;
import io.makemore4j.model.layer.FastTanh;
import io.makemore4j.model.layer.HostView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The arrays, bound matrix products and arithmetic of a {@link CausalBowLayer} for one row count
 * (items x T): the running means and element-wise parts in Java, the four products native.
 * Allocated outside any workspace ({@code Plans}); reused from step to step.
 */
final class BowPlan {

    final int rows;
    private final int n;
    private final int hidden;
    private final boolean exact;
    final Map<String, INDArray> params;
    private Map<String, INDArray> grads;     // the gradient views the weight products are bound to, or null

    private final INDArray u;                // (rows, n): x + causal mean
    private final INDArray a;                // (rows, hidden): tanh(u W1 + b1)
    private final INDArray pre;              // (rows, hidden): u W1, then dLoss/dpre
    private final INDArray v;                // (rows, n): a W2
    private final INDArray dOut;             // (rows, n)
    private final INDArray dA;               // (rows, hidden)
    private final INDArray dU;               // (rows, n)
    private final HostView uV;
    private final HostView aV;
    private final HostView preV;
    private final HostView vV;
    private final HostView dOutV;
    private final HostView dAV;
    private final HostView dUV;
    private final BoundOp hiddenProduct;
    private final BoundOp outputProduct;
    private final BoundOp dAProduct;
    private final BoundOp dUProduct;
    private BoundOp dW1;
    private BoundOp dW2;
    private final double[] uJ;
    private final double[] aJ;
    private final double[] work;             // (rows * max(n, hidden))

    BowPlan(CausalBow conf, DataType dtype, long rows, Map<String, INDArray> params) {
        this.rows = Math.toIntExact(rows);
        this.n = (int) conf.getNIn();
        this.hidden = (int) conf.getHidden();
        this.exact = dtype == DataType.DOUBLE;
        this.params = params;
        u = Nd4j.create(dtype, rows, n);
        a = Nd4j.create(dtype, rows, hidden);
        pre = Nd4j.create(dtype, rows, hidden);
        v = Nd4j.create(dtype, rows, n);
        dOut = Nd4j.create(dtype, rows, n);
        dA = Nd4j.create(dtype, rows, hidden);
        dU = Nd4j.create(dtype, rows, n);
        uV = HostView.of(u);
        aV = HostView.of(a);
        preV = HostView.of(pre);
        vV = HostView.of(v);
        dOutV = HostView.of(dOut);
        dAV = HostView.of(dA);
        dUV = HostView.of(dU);
        hiddenProduct = BoundOp.matmul(u, params.get(CausalBow.W1), pre, false, false, 1.0, 0.0);
        outputProduct = BoundOp.matmul(a, params.get(CausalBow.W2), v, false, false, 1.0, 0.0);
        dAProduct = BoundOp.matmul(dOut, params.get(CausalBow.W2), dA, false, true, 1.0, 0.0);
        dUProduct = BoundOp.matmul(pre, params.get(CausalBow.W1), dU, false, true, 1.0, 0.0);
        uJ = new double[this.rows * n];
        aJ = new double[this.rows * hidden];
        work = new double[this.rows * Math.max(n, hidden)];
    }

    /**
     * The forward pass over {@code items} items of {@code time} positions: {@code x} (items, T, n) in,
     * {@code out} (items, T, n) written. {@code sums} (items*n, row-major) and {@code counts} hold each
     * item's sum of the earlier positions and their number (zeros for whole items), and are advanced.
     */
    void forward(HostView x, HostView out, int items, int time, double[] sums, int[] counts) {
        x.read(0, work, 0, rows * n);
        for (int b = 0; b < items; b++) {
            for (int t = 0; t < time; t++) {
                int r = (b * time + t) * n;
                counts[b]++;
                for (int j = 0; j < n; j++) {
                    sums[b * n + j] += work[r + j];
                    uJ[r + j] = work[r + j] + sums[b * n + j] / counts[b];
                }
            }
        }
        uV.write(0, uJ, 0, rows * n);
        hiddenProduct.run();                                       // u W1
        preV.read(0, aJ, 0, rows * hidden);
        double[] b1 = bias(CausalBow.B1, hidden);
        for (int i = 0; i < rows * hidden; i++) {
            aJ[i] = tanh(aJ[i] + b1[i % hidden]);
        }
        aV.write(0, aJ, 0, rows * hidden);
        outputProduct.run();                                       // a W2
        vV.read(0, work, 0, rows * n);
        double[] b2 = bias(CausalBow.B2, n);
        for (int i = 0; i < rows * n; i++) {
            work[i] += uJ[i] + b2[i % n];
        }
        out.write(0, work, 0, rows * n);
    }

    /**
     * Backprop of the last {@link #forward} (whole items): {@code eps} (items, T, n) in, parameter
     * gradients into {@code views}, the input gradient into {@code dx} (items, T, n).
     */
    void backward(HostView eps, HostView dx, int items, int time, Map<String, INDArray> views) {
        bindGradients(views);
        double[] e = new double[rows * n];
        eps.read(0, e, 0, rows * n);
        dOutV.write(0, e, 0, rows * n);
        double[] db2 = new double[n];
        for (int i = 0; i < rows * n; i++) {
            db2[i % n] += e[i];
        }
        dW2.run();                                                 // a^T dOut
        dAProduct.run();                                           // dOut W2^T
        dAV.read(0, work, 0, rows * hidden);
        double[] db1 = new double[hidden];
        for (int i = 0; i < rows * hidden; i++) {
            double g = work[i] * (1 - aJ[i] * aJ[i]);
            work[i] = g;
            db1[i % hidden] += g;
        }
        preV.write(0, work, 0, rows * hidden);                     // pre now holds dLoss/dpre
        dW1.run();                                                 // u^T dpre
        dUProduct.run();                                           // dpre W1^T
        dUV.read(0, work, 0, rows * n);
        for (int i = 0; i < rows * n; i++) {
            work[i] += e[i];                                       // du: the residual and the MLP
        }
        // u_t = x_t + (1/(t+1)) sum_{s<=t} x_s, so dx_s = du_s + sum_{t>=s} du_t / (t+1)
        double[] acc = new double[n];
        for (int b = 0; b < items; b++) {
            java.util.Arrays.fill(acc, 0);
            for (int t = time - 1; t >= 0; t--) {
                int r = (b * time + t) * n;
                for (int j = 0; j < n; j++) {
                    acc[j] += work[r + j] / (t + 1);
                    e[r + j] = work[r + j] + acc[j];
                }
            }
        }
        dx.write(0, e, 0, rows * n);
        HostView.of(views.get(CausalBow.B1)).write(0, db1, 0, hidden);
        HostView.of(views.get(CausalBow.B2)).write(0, db2, 0, n);
    }

    private void bindGradients(Map<String, INDArray> views) {
        if (grads != null && grads.get(CausalBow.W1) == views.get(CausalBow.W1) && grads.get(CausalBow.W2) == views.get(CausalBow.W2)) {
            return;
        }
        grads = Map.copyOf(views);
        dW1 = BoundOp.matmul(u, pre, grads.get(CausalBow.W1), true, false, 1.0, 0.0);
        dW2 = BoundOp.matmul(a, dOut, grads.get(CausalBow.W2), true, false, 1.0, 0.0);
    }

    private double[] bias(String name, int length) {
        double[] out = new double[length];
        HostView.of(params.get(name)).read(0, out, 0, length);
        return out;
    }

    private double tanh(double x) {
        return exact ? Math.tanh(x) : FastTanh.tanh(x);
    }
}
