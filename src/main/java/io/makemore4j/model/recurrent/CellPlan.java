package io.makemore4j.model.recurrent;

import io.makemore4j.model.layer.BoundOp;
import io.makemore4j.model.layer.FastTanh;
import io.makemore4j.model.layer.HostView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * The arrays and bound matrix products of a {@link RecurrentCellLayer} for one batch shape
 * {@code (B items, T positions)}, and the cell's arithmetic over them. Activations are time-major
 * ({@code row t*B + b}), so that every position's rows are one contiguous block: the input products
 * of all positions are one matrix product each, the recurrent products one per position, and so are
 * the weight gradients in backprop. The element-wise parts (gates, tanh, the blend) run in Java on
 * copies of the blocks, with {@link FastTanh} in float and {@link Math#tanh} in double precision.
 * Allocated outside any workspace ({@code Plans}); reused from step to step. Shapes below: {@code h}
 * is the cell's width, {@code G = 2h} the gates' (reset | update).
 */
final class CellPlan {

    final int items;
    final int time;
    final Map<String, INDArray> params;      // the parameter arrays the ops are bound to
    private final int nIn;
    private final int h;
    private final boolean gated;
    private final boolean exact;

    private final CellArrays n;               // the native arrays, time-major
    private final BoundOp inputProducts;     // x Wxc for all positions
    private final BoundOp inputProductsGate; // x Wxg for all positions
    private final BoundOp[] gateProducts;    // per t: h_{t-1} Whg
    private final BoundOp[] cellProducts;    // per t: q Whc (plain: h_{t-1} Whc)
    private final BoundOp[] dqProducts;      // per t: dc Whc^T
    private final BoundOp[] dhProducts;      // per t: dg Whg^T (plain: dc Whc^T)
    private Map<String, INDArray> grads;     // the gradient views the weight-gradient ops are bound to, or null
    private BoundOp[] weightGradients;       // after the loop: dWxc, dWhc, dX (and dWxg, dWhg, dX += for gates)

    // Java copies kept for backprop
    private final double[] hJ;               // ((T+1)*B*h): h_{t-1} at block t
    private final double[] gJ;               // (T*B*G): r | z
    private final double[] cJ;               // (T*B*h): c
    private final double[] a;                // scratch (B*G)
    private final double[] b2;               // scratch (B*G)
    private final double[] d;                // scratch (B*h)
    private final double[] dnext;            // (B*h) gradient reaching h_t from later positions
    private final double[] dh;               // (B*h)
    private final double[] dprev;            // (B*h)

    CellPlan(RecurrentCell conf, DataType dtype, long shapeKey, Map<String, INDArray> params) {
        this.items = (int) (shapeKey >>> 32);
        this.time = (int) shapeKey;
        this.nIn = (int) conf.getNIn();
        this.h = (int) conf.getNOut();
        this.gated = conf.isGated();
        this.exact = dtype == DataType.DOUBLE;
        this.params = params;
        this.n = new CellArrays(dtype, items, time, nIn, h, gated);
        gateProducts = new BoundOp[time];
        cellProducts = new BoundOp[time];
        dqProducts = new BoundOp[time];
        dhProducts = new BoundOp[time];
        INDArray whg = params.get(RecurrentCell.GATE_H);
        INDArray whc = params.get(RecurrentCell.CELL_H);
        for (int t = 0; t < time; t++) {
            if (gated) {
                gateProducts[t] = BoundOp.matmul(n.hBlock[t], whg, n.gpreBlock[t], false, false, 1.0, 0.0);   // (B, G)
                cellProducts[t] = BoundOp.matmul(n.qBlock[t], whc, n.cpreBlock[t], false, false, 1.0, 0.0);   // (B, h)
                dqProducts[t] = BoundOp.matmul(n.dcBlock[t], whc, n.dqArray, false, true, 1.0, 0.0);          // (B, h)
                dhProducts[t] = BoundOp.matmul(n.dgBlock[t], whg, n.dhpArray, false, true, 1.0, 0.0);         // (B, h)
            } else {
                cellProducts[t] = BoundOp.matmul(n.hBlock[t], whc, n.cpreBlock[t], false, false, 1.0, 0.0);
                dhProducts[t] = BoundOp.matmul(n.dcBlock[t], whc, n.dhpArray, false, true, 1.0, 0.0);
            }
        }
        inputProducts = BoundOp.matmul(n.xtm, params.get(RecurrentCell.CELL_X), n.acAll, false, false, 1.0, 0.0);
        inputProductsGate = gated ? BoundOp.matmul(n.xtm, params.get(RecurrentCell.GATE_X), n.agAll, false, false, 1.0, 0.0) : null;
        int bh = items * h;
        hJ = new double[(time + 1) * bh];
        gJ = new double[gated ? time * 2 * bh : 0];
        cJ = new double[time * bh];
        a = new double[2 * bh];
        b2 = new double[2 * bh];
        d = new double[bh];
        dnext = new double[bh];
        dh = new double[bh];
        dprev = new double[bh];
    }

    /** The key of a batch shape in {@code Plans}. */
    static long key(long items, long time) {
        return (items << 32) | time;
    }

    /**
     * The forward pass: {@code x} (B, T, nIn) in, {@code out} (B, T, h) written.
     *
     * @param initial the state before position 0, (B*h) row-major; null for the learned start state
     * @return h at the last position, (B*h) row-major (the state for the next step)
     */
    double[] forward(HostView x, HostView out, double[] initial) {
        n.transposeIn(x, nIn);                                     // (B, T, nIn) -> (T*B, nIn)
        inputProducts.run();
        if (gated) {
            inputProductsGate.run();
        }
        int bh = items * h;
        if (initial == null) {
            HostView start = HostView.of(params.get(RecurrentCell.START));
            for (int b = 0; b < items; b++) {
                start.read(0, hJ, b * h, h);
            }
        } else {
            System.arraycopy(initial, 0, hJ, 0, bh);
        }
        n.h[0].write(0, hJ, 0, bh);
        double[] bg = gated ? bias(RecurrentCell.GATE_B, 2 * h) : null;
        double[] bc = bias(RecurrentCell.CELL_B, h);
        for (int t = 0; t < time; t++) {
            if (gated) {
                gates(t, bg);
            }
            cell(t, bc);
        }
        for (int b = 0; b < items; b++) {                          // (T*B, h) -> (B, T, h)
            for (int t = 0; t < time; t++) {
                out.write((b * time + t) * h, hJ, ((t + 1) * items + b) * h, h);
            }
        }
        return Arrays.copyOfRange(hJ, time * bh, (time + 1) * bh);
    }

    /** Position t's gates {@code [r | z] = sigmoid(x Wxg + h_{t-1} Whg + bg)} and {@code q = r * h_{t-1}}. */
    private void gates(int t, double[] bg) {
        int bh = items * h;
        int hp = t * bh;
        int gt = t * 2 * bh;
        gateProducts[t].run();                                     // h_{t-1} Whg
        n.gpre[t].read(0, a, 0, 2 * bh);
        n.ag[t].read(0, b2, 0, 2 * bh);
        for (int i = 0; i < 2 * bh; i++) {
            gJ[gt + i] = sigmoid(a[i] + b2[i] + bg[i % (2 * h)]);
        }
        for (int b = 0; b < items; b++) {
            for (int j = 0; j < h; j++) {
                d[b * h + j] = gJ[gt + b * 2 * h + j] * hJ[hp + b * h + j];
            }
        }
        n.q[t].write(0, d, 0, bh);
    }

    /** Position t's candidate {@code c = tanh(x Wxc + q Whc + bc)} and state {@code h_t = h_{t-1} + z (c - h_{t-1})} (plain: c). */
    private void cell(int t, double[] bc) {
        int bh = items * h;
        int hp = t * bh;
        int hn = (t + 1) * bh;
        cellProducts[t].run();                                     // q Whc (plain: h_{t-1} Whc)
        n.cpre[t].read(0, a, 0, bh);
        n.ac[t].read(0, b2, 0, bh);
        for (int i = 0; i < bh; i++) {
            double c = tanh(a[i] + b2[i] + bc[i % h]);
            cJ[t * bh + i] = c;
            if (gated) {
                double z = gJ[t * 2 * bh + (i / h) * 2 * h + h + i % h];
                double prev = hJ[hp + i];
                hJ[hn + i] = prev + z * (c - prev);
            } else {
                hJ[hn + i] = c;
            }
        }
        n.h[t + 1].write(0, hJ, hn, bh);
    }

    /**
     * Backprop of the last {@link #forward} (from the learned start state): {@code eps} (B, T, h) in,
     * the parameter gradients written to {@code gradientViews}, the input gradient into {@code dx} (B, T, nIn).
     */
    void backward(HostView eps, HostView dx, Map<String, INDArray> gradientViews) {
        bindGradients(gradientViews);
        int bh = items * h;
        double[] dbg = new double[2 * h];
        double[] dbc = new double[h];
        Arrays.fill(dnext, 0);
        for (int t = time - 1; t >= 0; t--) {
            for (int b = 0; b < items; b++) {
                eps.read((b * time + t) * h, dh, b * h, h);
            }
            cellBackward(t, dbc);
            if (gated) {
                gatesBackward(t, dbg);
            } else {
                dhProducts[t].run();                               // dc Whc^T
                n.dhp.read(0, dnext, 0, bh);
            }
        }
        for (BoundOp op : weightGradients) {
            op.run();
        }
        double[] dstart = new double[h];
        for (int i = 0; i < bh; i++) {
            dstart[i % h] += dnext[i];
        }
        HostView.of(grads.get(RecurrentCell.START)).write(0, dstart, 0, h);
        HostView.of(grads.get(RecurrentCell.CELL_B)).write(0, dbc, 0, h);
        if (gated) {
            HostView.of(grads.get(RecurrentCell.GATE_B)).write(0, dbg, 0, 2 * h);
        }
        n.transposeOut(dx, nIn);                                   // (T*B, nIn) -> (B, T, nIn)
    }

    /** Position t: dh (from the output and later positions) to the candidate's pre-activation gradient {@code dc}. */
    private void cellBackward(int t, double[] dbc) {
        int bh = items * h;
        int hp = t * bh;
        int gt = t * 2 * bh;
        for (int i = 0; i < bh; i++) {
            dh[i] += dnext[i];
            double c = cJ[t * bh + i];
            double dcv = dh[i];
            if (gated) {
                double z = gJ[gt + (i / h) * 2 * h + h + i % h];
                double prev = hJ[hp + i];
                dcv = dh[i] * z;
                a[i] = dh[i] * (c - prev);                         // dLoss/dz
                dprev[i] = dh[i] * (1 - z);
            }
            double dac = dcv * (1 - c * c);
            d[i] = dac;
            dbc[i % h] += dac;
        }
        n.dc[t].write(0, d, 0, bh);
    }

    /** Position t of the GRU: dc back through q to the gates' pre-activation gradient {@code dg}, and to h_{t-1}. */
    private void gatesBackward(int t, double[] dbg) {
        int bh = items * h;
        int hp = t * bh;
        int gt = t * 2 * bh;
        dqProducts[t].run();                                       // dq = dc Whc^T
        n.dq.read(0, d, 0, bh);
        for (int b = 0; b < items; b++) {
            for (int j = 0; j < h; j++) {
                int i = b * h + j;
                double r = gJ[gt + b * 2 * h + j];
                double z = gJ[gt + b * 2 * h + h + j];
                dprev[i] += d[i] * r;
                double dr = d[i] * hJ[hp + i] * r * (1 - r);
                double dz = a[i] * z * (1 - z);
                b2[b * 2 * h + j] = dr;
                b2[b * 2 * h + h + j] = dz;
                dbg[j] += dr;
                dbg[h + j] += dz;
            }
        }
        n.dg[t].write(0, b2, 0, 2 * bh);
        dhProducts[t].run();                                       // dg Whg^T
        n.dhp.read(0, dnext, 0, bh);
        for (int i = 0; i < bh; i++) {
            dnext[i] += dprev[i];
        }
    }

    /**
     * Binds the weight-gradient products to the layer's gradient views (DL4J creates them after the
     * first training forward pass, and may replace them).
     */
    private void bindGradients(Map<String, INDArray> views) {
        if (grads != null && grads.get(RecurrentCell.CELL_H) == views.get(RecurrentCell.CELL_H)
                && grads.get(RecurrentCell.CELL_X) == views.get(RecurrentCell.CELL_X)) {
            return;
        }
        grads = Map.copyOf(views);
        INDArray wxc = params.get(RecurrentCell.CELL_X);
        BoundOp dWxc = BoundOp.matmul(n.xtm, n.dcAll, grads.get(RecurrentCell.CELL_X), true, false, 1.0, 0.0);
        BoundOp dX = BoundOp.matmul(n.dcAll, wxc, n.dxtm, false, true, 1.0, 0.0);
        if (!gated) {
            BoundOp dWhc = BoundOp.matmul(n.hPrevAll, n.dcAll, grads.get(RecurrentCell.CELL_H), true, false, 1.0, 0.0);
            weightGradients = new BoundOp[] {dWxc, dWhc, dX};
            return;
        }
        weightGradients = new BoundOp[] {
            dWxc,
            BoundOp.matmul(n.qAll, n.dcAll, grads.get(RecurrentCell.CELL_H), true, false, 1.0, 0.0),
            BoundOp.matmul(n.xtm, n.dgAll, grads.get(RecurrentCell.GATE_X), true, false, 1.0, 0.0),
            BoundOp.matmul(n.hPrevAll, n.dgAll, grads.get(RecurrentCell.GATE_H), true, false, 1.0, 0.0),
            dX,
            BoundOp.matmul(n.dgAll, params.get(RecurrentCell.GATE_X), n.dxtm, false, true, 1.0, 1.0)};
    }

    private double[] bias(String name, int length) {
        double[] out = new double[length];
        HostView.of(params.get(name)).read(0, out, 0, length);
        return out;
    }

    private double tanh(double x) {
        return exact ? Math.tanh(x) : FastTanh.tanh(x);
    }

    private double sigmoid(double x) {
        return exact ? 1 / (1 + Math.exp(-x)) : FastTanh.sigmoid(x);
    }
}
