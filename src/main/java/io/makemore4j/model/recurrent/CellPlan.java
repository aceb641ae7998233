package io.makemore4j.model.recurrent;

import io.makemore4j.model.layer.BoundOp;
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
 * the weight gradients in backprop. The biases and the products accumulate into each position's block,
 * where the sigmoid and tanh run natively in place; the rest (the reset product, the blend, all of
 * backprop's element-wise parts) runs in Java on copies of the blocks.
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
    private final boolean training;          // whether backprop's arrays exist

    private final CellArrays n;               // the native arrays, time-major
    private final BoundOp inputProducts;     // x Wxc for all positions
    private final BoundOp inputProductsGate; // x Wxg for all positions
    private final BoundOp cellBias;          // + bc, all positions
    private final BoundOp gateBias;          // + bg, all positions
    private final BoundOp[] gateProducts;    // per t: + h_{t-1} Whg
    private final BoundOp[] gateActivations; // per t: sigmoid, in place
    private final BoundOp[] cellProducts;    // per t: + q Whc (plain: h_{t-1} Whc)
    private final BoundOp[] cellActivations; // per t: tanh, in place
    private final BoundOp[] dqProducts;      // per t: dc Whc^T
    private final BoundOp[] dhProducts;      // per t: dg Whg^T (plain: dc Whc^T)
    private Map<String, INDArray> grads;     // the gradient views the weight-gradient ops are bound to, or null
    private BoundOp[][] weightGradients;     // by positions computed: dWxc, dWhc, dX (and dWxg, dWhg, dX += for gates)
    private int computed;                    // positions the last forward pass computed

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

    /** @param training whether to allocate backprop's arrays too */
    CellPlan(RecurrentCell conf, DataType dtype, long shapeKey, Map<String, INDArray> params, boolean training) {
        this.items = (int) (shapeKey >>> 32);
        this.time = (int) shapeKey;
        this.nIn = (int) conf.getNIn();
        this.h = (int) conf.getNOut();
        this.gated = conf.isGated();
        this.params = params;
        this.n = new CellArrays(dtype, items, time, nIn, h, gated, training);
        gateProducts = new BoundOp[time];
        gateActivations = new BoundOp[time];
        cellProducts = new BoundOp[time];
        cellActivations = new BoundOp[time];
        dqProducts = new BoundOp[time];
        dhProducts = new BoundOp[time];
        INDArray whg = params.get(RecurrentCell.GATE_H);
        INDArray whc = params.get(RecurrentCell.CELL_H);
        for (int t = 0; t < time; t++) {
            cellActivations[t] = BoundOp.of("tanh", new INDArray[] {n.acBlock[t]}, new INDArray[] {n.acBlock[t]});
            if (gated) {
                gateProducts[t] = BoundOp.matmul(n.hBlock[t], whg, n.agBlock[t], false, false, 1.0, 1.0);     // (B, G)
                gateActivations[t] = BoundOp.of("sigmoid", new INDArray[] {n.agBlock[t]}, new INDArray[] {n.agBlock[t]});
                cellProducts[t] = BoundOp.matmul(n.qBlock[t], whc, n.acBlock[t], false, false, 1.0, 1.0);     // (B, h)
            } else {
                cellProducts[t] = BoundOp.matmul(n.hBlock[t], whc, n.acBlock[t], false, false, 1.0, 1.0);
            }
            if (training && gated) {
                dqProducts[t] = BoundOp.matmul(n.dcBlock[t], whc, n.dqArray, false, true, 1.0, 0.0);          // (B, h)
                dhProducts[t] = BoundOp.matmul(n.dgBlock[t], whg, n.dhpArray, false, true, 1.0, 0.0);         // (B, h)
            } else if (training) {
                dhProducts[t] = BoundOp.matmul(n.dcBlock[t], whc, n.dhpArray, false, true, 1.0, 0.0);
            }
        }
        inputProducts = BoundOp.matmul(n.xtm, params.get(RecurrentCell.CELL_X), n.acAll, false, false, 1.0, 0.0);
        inputProductsGate = gated ? BoundOp.matmul(n.xtm, params.get(RecurrentCell.GATE_X), n.agAll, false, false, 1.0, 0.0) : null;
        cellBias = BoundOp.pairwise("add", n.acAll, params.get(RecurrentCell.CELL_B), n.acAll);
        gateBias = gated ? BoundOp.pairwise("add", n.agAll, params.get(RecurrentCell.GATE_B), n.agAll) : null;
        int bh = items * h;
        hJ = new double[(time + 1) * bh];
        gJ = new double[gated ? time * 2 * bh : 0];
        cJ = new double[time * bh];
        a = new double[training ? 2 * bh : 0];
        b2 = new double[training ? 2 * bh : 0];
        d = new double[bh];
        dnext = new double[training ? bh : 0];
        dh = new double[training ? bh : 0];
        dprev = new double[training ? bh : 0];
        this.training = training;
    }

    /** The key of a batch shape in {@code Plans}. */
    static long key(long items, long time) {
        return (items << 32) | time;
    }

    /**
     * The forward pass: {@code x} (B, T, nIn) in, {@code out} (B, T, h) written. Only the first
     * {@code positions} positions are computed (those of the batch's longest item: the mask is 0 on
     * every later one, whose outputs are written as 0); the cell is causal, so they are what computing
     * all T would give.
     *
     * @param initial   the state before position 0, (B*h) row-major; null for the learned start state
     * @param positions how many positions to compute, at most T
     * @return h at the last computed position, (B*h) row-major (the state for the next step)
     */
    double[] forward(HostView x, HostView out, double[] initial, int positions) {
        computed = positions;
        n.transposeIn(x, nIn);                                     // (B, T, nIn) -> (T*B, nIn)
        inputProducts.run();                                       // x Wxc + bc, all positions
        cellBias.run();
        if (gated) {
            inputProductsGate.run();                               // x Wxg + bg, all positions
            gateBias.run();
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
        for (int t = 0; t < positions; t++) {
            if (gated) {
                gates(t);
            }
            cell(t);
        }
        double[] zeros = new double[h];
        for (int b = 0; b < items; b++) {                          // (T*B, h) -> (B, T, h)
            for (int t = 0; t < time; t++) {
                if (t < positions) {
                    out.write((b * time + t) * h, hJ, ((t + 1) * items + b) * h, h);
                } else {
                    out.write((b * time + t) * h, zeros, 0, h);
                }
            }
        }
        return Arrays.copyOfRange(hJ, positions * bh, (positions + 1) * bh);
    }

    /** Position t's gates {@code [r | z] = sigmoid(x Wxg + bg + h_{t-1} Whg)} and {@code q = r * h_{t-1}}. */
    private void gates(int t) {
        int bh = items * h;
        int hp = t * bh;
        int gt = t * 2 * bh;
        gateProducts[t].run();                                     // + h_{t-1} Whg
        gateActivations[t].run();
        n.ag[t].read(0, gJ, gt, 2 * bh);
        for (int b = 0; b < items; b++) {
            int row = gt + b * 2 * h;
            for (int j = 0; j < h; j++) {
                d[b * h + j] = gJ[row + j] * hJ[hp + b * h + j];
            }
        }
        n.q[t].write(0, d, 0, bh);
    }

    /** Position t's candidate {@code c = tanh(x Wxc + bc + q Whc)} and state {@code h_t = h_{t-1} + z (c - h_{t-1})} (plain: c). */
    private void cell(int t) {
        int bh = items * h;
        int hp = t * bh;
        int hn = (t + 1) * bh;
        int gt = t * 2 * bh;
        cellProducts[t].run();                                     // + q Whc (plain: h_{t-1} Whc)
        cellActivations[t].run();
        n.ac[t].read(0, cJ, t * bh, bh);
        if (!gated) {
            System.arraycopy(cJ, t * bh, hJ, hn, bh);
        } else {
            for (int b = 0; b < items; b++) {
                int row = b * h;
                int zrow = gt + b * 2 * h + h;
                for (int j = 0; j < h; j++) {
                    double prev = hJ[hp + row + j];
                    hJ[hn + row + j] = prev + gJ[zrow + j] * (cJ[t * bh + row + j] - prev);
                }
            }
        }
        n.h[t + 1].write(0, hJ, hn, bh);
    }

    /**
     * Backprop of the last {@link #forward} (from the learned start state): {@code eps} (B, T, h) in,
     * the parameter gradients written to {@code gradientViews}, the input gradient into {@code dx} (B, T, nIn).
     */
    void backward(HostView eps, HostView dx, Map<String, INDArray> gradientViews) {
        if (!training) {
            throw new IllegalStateException("an inference plan has no backward pass");
        }
        bindGradients(gradientViews);
        int bh = items * h;
        double[] dbg = new double[2 * h];
        double[] dbc = new double[h];
        Arrays.fill(dnext, 0);
        for (int t = computed - 1; t >= 0; t--) {
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
        for (BoundOp op : weightGradients(computed)) {
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
        n.transposeOut(dx, nIn, computed);                         // (T*B, nIn) -> (B, T, nIn)
    }

    /** Position t: dh (from the output and later positions) to the candidate's pre-activation gradient {@code dc}. */
    private void cellBackward(int t, double[] dbc) {
        int bh = items * h;
        int hp = t * bh;
        int gt = t * 2 * bh;
        for (int b = 0; b < items; b++) {
            int row = b * h;
            int zrow = gt + b * 2 * h + h;
            for (int j = 0; j < h; j++) {
                int i = row + j;
                dh[i] += dnext[i];
                double c = cJ[t * bh + i];
                double dcv = dh[i];
                if (gated) {
                    double z = gJ[zrow + j];
                    dcv = dh[i] * z;
                    a[i] = dh[i] * (c - hJ[hp + i]);               // dLoss/dz
                    dprev[i] = dh[i] * (1 - z);
                }
                double dac = dcv * (1 - c * c);
                d[i] = dac;
                dbc[j] += dac;
            }
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
        weightGradients = new BoundOp[time + 1][];
    }

    /** The weight-gradient products over the rows of the first {@code positions} positions, built once per count. */
    private BoundOp[] weightGradients(int positions) {
        if (weightGradients[positions] != null) {
            return weightGradients[positions];
        }
        INDArray x = n.rows(n.xtm, positions);
        INDArray dc = n.rows(n.dcAll, positions);
        INDArray dx = n.rows(n.dxtm, positions);
        INDArray hPrev = n.rows(n.hPrevAll, positions);
        BoundOp dWxc = BoundOp.matmul(x, dc, grads.get(RecurrentCell.CELL_X), true, false, 1.0, 0.0);
        BoundOp dX = BoundOp.matmul(dc, params.get(RecurrentCell.CELL_X), dx, false, true, 1.0, 0.0);
        if (!gated) {
            BoundOp dWhc = BoundOp.matmul(hPrev, dc, grads.get(RecurrentCell.CELL_H), true, false, 1.0, 0.0);
            weightGradients[positions] = new BoundOp[] {dWxc, dWhc, dX};
        } else {
            INDArray dg = n.rows(n.dgAll, positions);
            weightGradients[positions] = new BoundOp[] {
                dWxc,
                BoundOp.matmul(n.rows(n.qAll, positions), dc, grads.get(RecurrentCell.CELL_H), true, false, 1.0, 0.0),
                BoundOp.matmul(x, dg, grads.get(RecurrentCell.GATE_X), true, false, 1.0, 0.0),
                BoundOp.matmul(hPrev, dg, grads.get(RecurrentCell.GATE_H), true, false, 1.0, 0.0),
                dX,
                BoundOp.matmul(dg, params.get(RecurrentCell.GATE_X), dx, false, true, 1.0, 1.0)};
        }
        return weightGradients[positions];
    }
}
