package io.makemore4j.model.recurrent;

import io.makemore4j.model.layer.BoundOp;
import io.makemore4j.model.layer.FastTanh;
import io.makemore4j.model.layer.HostView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Map;

/**
 * The arrays and bound matrix products of a {@link RecurrentCellLayer} for one batch shape
 * {@code (B items, T positions)}, and the cell's arithmetic over them. Activations are time-major
 * ({@code row t*B + b}), so that every position's rows are one contiguous block: the input products
 * of all positions are one matrix product each, the recurrent products one per position, and so are
 * the weight gradients in backprop. The element-wise parts (gates, tanh, the blend) run in Java on
 * copies of the blocks, with {@link FastTanh} in float and {@link Math#tanh} in double precision.
 * Allocated outside any workspace ({@code Plans}); reused from step to step.
 */
final class CellPlan {

    final int items;
    final int time;
    private final int nIn;
    private final int h;
    private final boolean gated;
    private final boolean exact;
    final Map<String, INDArray> params;      // the parameter arrays the ops are bound to
    private Map<String, INDArray> grads;     // the gradient views the weight-gradient ops are bound to, or null

    // native, time-major
    private final INDArray xtm;              // (T*B, nIn) the input
    private final INDArray dxtm;             // (T*B, nIn) its gradient
    private final HostView xtmV;
    private final HostView dxtmV;
    private final HostView[] ag;             // per t: (B, 2h) x Wxg
    private final HostView[] ac;             // per t: (B, h) x Wxc
    private final HostView[] hall;           // per t <= T: (B, h) h_{t-1}; block 0 the initial state
    private final HostView[] gpre;           // per t: (B, 2h) h_{t-1} Whg
    private final HostView[] q;              // per t: (B, h) r * h_{t-1}
    private final HostView[] cpre;           // per t: (B, h) q Whc (plain: h_{t-1} Whc)
    private final HostView[] dg;             // per t: (B, 2h) gradient of the gate pre-activations
    private final HostView[] dc;             // per t: (B, h) gradient of the candidate pre-activations
    private final HostView dq;               // (B, h) gradient of q at one position
    private final HostView dhp;              // (B, h) the recurrent products' gradient of h_{t-1}
    private final BoundOp inputProducts;     // ag, ac for all positions
    private final BoundOp inputProductsGate;
    private final BoundOp[] gateProducts;    // per t
    private final BoundOp[] cellProducts;    // per t
    private final BoundOp[] dqProducts;      // per t
    private final BoundOp[] dhProducts;      // per t
    private BoundOp[] weightGradients;       // after the loop: dWxc, dWhc, dX (and dWxg, dWhg, dX += for gates)
    private final INDArray hPrevAll;         // (T*B, h): h_{t-1} for every t
    private final INDArray qAll;
    private final INDArray dgAll;
    private final INDArray dcAll;

    // Java copies kept for backprop
    private final double[] hJ;               // ((T+1)*B*h): h_{t-1} at block t
    private final double[] gJ;               // (T*B*2h): r | z
    private final double[] cJ;               // (T*B*h): c
    private final double[] a;                // scratch (B*2h)
    private final double[] b2;               // scratch (B*2h)
    private final double[] d;                // scratch (B*h)
    private final double[] dnext;            // (B*h) gradient reaching h_t from later positions

    CellPlan(RecurrentCell conf, DataType dtype, long shapeKey, Map<String, INDArray> params) {
        this.items = (int) (shapeKey >>> 32);
        this.time = (int) shapeKey;
        this.nIn = (int) conf.getNIn();
        this.h = (int) conf.getNOut();
        this.gated = conf.isGated();
        this.exact = dtype == DataType.DOUBLE;
        this.params = params;
        int rows = items * time;
        int g = gated ? 2 * h : 0;
        xtm = Nd4j.create(dtype, rows, nIn);
        dxtm = Nd4j.create(dtype, rows, nIn);
        xtmV = HostView.of(xtm);
        dxtmV = HostView.of(dxtm);
        INDArray agAll = gated ? Nd4j.create(dtype, rows, g) : null;
        INDArray acAll = Nd4j.create(dtype, rows, h);
        INDArray hAll = Nd4j.create(dtype, rows + items, h);
        INDArray gpreAll = gated ? Nd4j.create(dtype, rows, g) : null;
        INDArray qAll = gated ? Nd4j.create(dtype, rows, h) : null;
        INDArray cpreAll = Nd4j.create(dtype, rows, h);
        INDArray dgAll = gated ? Nd4j.create(dtype, rows, g) : null;
        INDArray dcAll = Nd4j.create(dtype, rows, h);
        INDArray dqArr = Nd4j.create(dtype, items, h);
        INDArray dhpArr = Nd4j.create(dtype, items, h);
        dq = HostView.of(dqArr);
        dhp = HostView.of(dhpArr);
        ag = new HostView[time];
        ac = new HostView[time];
        hall = new HostView[time + 1];
        gpre = new HostView[time];
        q = new HostView[time];
        cpre = new HostView[time];
        dg = new HostView[time];
        dc = new HostView[time];
        gateProducts = new BoundOp[time];
        cellProducts = new BoundOp[time];
        dqProducts = new BoundOp[time];
        dhProducts = new BoundOp[time];
        INDArray wxg = params.get(RecurrentCell.GATE_X);
        INDArray whg = params.get(RecurrentCell.GATE_H);
        INDArray wxc = params.get(RecurrentCell.CELL_X);
        INDArray whc = params.get(RecurrentCell.CELL_H);
        INDArray[] hBlocks = new INDArray[time + 1];
        for (int t = 0; t <= time; t++) {
            hBlocks[t] = block(hAll, t, items);
            hall[t] = HostView.of(hBlocks[t]);
        }
        for (int t = 0; t < time; t++) {
            INDArray acT = block(acAll, t, items);
            INDArray cpreT = block(cpreAll, t, items);
            INDArray dcT = block(dcAll, t, items);
            ac[t] = HostView.of(acT);
            cpre[t] = HostView.of(cpreT);
            dc[t] = HostView.of(dcT);
            if (gated) {
                INDArray gpreT = block(gpreAll, t, items);
                INDArray qT = block(qAll, t, items);
                INDArray dgT = block(dgAll, t, items);
                ag[t] = HostView.of(block(agAll, t, items));
                gpre[t] = HostView.of(gpreT);
                q[t] = HostView.of(qT);
                dg[t] = HostView.of(dgT);
                gateProducts[t] = BoundOp.matmul(hBlocks[t], whg, gpreT, false, false, 1.0, 0.0);    // (B, 2h)
                cellProducts[t] = BoundOp.matmul(qT, whc, cpreT, false, false, 1.0, 0.0);           // (B, h)
                dqProducts[t] = BoundOp.matmul(dcT, whc, dqArr, false, true, 1.0, 0.0);             // (B, h)
                dhProducts[t] = BoundOp.matmul(dgT, whg, dhpArr, false, true, 1.0, 0.0);            // (B, h)
            } else {
                cellProducts[t] = BoundOp.matmul(hBlocks[t], whc, cpreT, false, false, 1.0, 0.0);
                dhProducts[t] = BoundOp.matmul(dcT, whc, dhpArr, false, true, 1.0, 0.0);
            }
        }
        inputProducts = BoundOp.matmul(xtm, wxc, acAll, false, false, 1.0, 0.0);
        inputProductsGate = gated ? BoundOp.matmul(xtm, wxg, agAll, false, false, 1.0, 0.0) : null;
        this.hPrevAll = hAll.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        this.qAll = qAll;
        this.dgAll = dgAll;
        this.dcAll = dcAll;
        hJ = new double[(time + 1) * items * h];
        gJ = new double[gated ? time * items * 2 * h : 0];
        cJ = new double[time * items * h];
        a = new double[items * 2 * h];
        b2 = new double[items * 2 * h];
        d = new double[items * h];
        dnext = new double[items * h];
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
        INDArray wxg = params.get(RecurrentCell.GATE_X);
        INDArray wxc = params.get(RecurrentCell.CELL_X);
        weightGradients = gated
                ? new BoundOp[] {
                    BoundOp.matmul(xtm, dcAll, grads.get(RecurrentCell.CELL_X), true, false, 1.0, 0.0),
                    BoundOp.matmul(qAll, dcAll, grads.get(RecurrentCell.CELL_H), true, false, 1.0, 0.0),
                    BoundOp.matmul(xtm, dgAll, grads.get(RecurrentCell.GATE_X), true, false, 1.0, 0.0),
                    BoundOp.matmul(hPrevAll, dgAll, grads.get(RecurrentCell.GATE_H), true, false, 1.0, 0.0),
                    BoundOp.matmul(dcAll, wxc, dxtm, false, true, 1.0, 0.0),
                    BoundOp.matmul(dgAll, wxg, dxtm, false, true, 1.0, 1.0)}
                : new BoundOp[] {
                    BoundOp.matmul(xtm, dcAll, grads.get(RecurrentCell.CELL_X), true, false, 1.0, 0.0),
                    BoundOp.matmul(hPrevAll, dcAll, grads.get(RecurrentCell.CELL_H), true, false, 1.0, 0.0),
                    BoundOp.matmul(dcAll, wxc, dxtm, false, true, 1.0, 0.0)};
    }

    /** The key of a batch shape in {@code Plans}. */
    static long key(long items, long time) {
        return (items << 32) | time;
    }

    private static INDArray block(INDArray timeMajor, int t, int items) {
        return timeMajor.get(NDArrayIndex.interval((long) t * items, (long) (t + 1) * items), NDArrayIndex.all());
    }

    /**
     * The forward pass: {@code x} (B, T, nIn) in, {@code out} (B, T, h) written.
     *
     * @param initial the state before position 0, (B*h) row-major; null for the learned start state
     * @return h at the last position, (B*h) row-major (the state for the next step)
     */
    double[] forward(HostView x, HostView out, double[] initial) {
        for (int b = 0; b < items; b++) {                          // (B, T, nIn) -> (T*B, nIn)
            for (int t = 0; t < time; t++) {
                xtmV.copyFrom(x, (b * time + t) * nIn, (t * items + b) * nIn, nIn);
            }
        }
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
        hall[0].write(0, hJ, 0, bh);
        double[] bg = gated ? bias(RecurrentCell.GATE_B, 2 * h) : null;
        double[] bc = bias(RecurrentCell.CELL_B, h);
        for (int t = 0; t < time; t++) {
            int hp = t * bh;                                       // h_{t-1} in hJ
            if (gated) {
                gateProducts[t].run();                             // h_{t-1} Whg
                gpre[t].read(0, a, 0, 2 * bh);
                ag[t].read(0, b2, 0, 2 * bh);
                int gt = t * 2 * bh;
                for (int i = 0; i < 2 * bh; i++) {
                    gJ[gt + i] = sigmoid(a[i] + b2[i] + bg[i % (2 * h)]);
                }
                for (int b = 0; b < items; b++) {                  // q = r * h_{t-1}
                    for (int j = 0; j < h; j++) {
                        d[b * h + j] = gJ[gt + b * 2 * h + j] * hJ[hp + b * h + j];
                    }
                }
                q[t].write(0, d, 0, bh);
            }
            cellProducts[t].run();                                 // q Whc (plain: h_{t-1} Whc)
            cpre[t].read(0, a, 0, bh);
            ac[t].read(0, b2, 0, bh);
            int ct = t * bh;
            int hn = (t + 1) * bh;
            for (int i = 0; i < bh; i++) {
                double c = tanh(a[i] + b2[i] + bc[i % h]);
                cJ[ct + i] = c;
                if (gated) {
                    double z = gJ[t * 2 * bh + (i / h) * 2 * h + h + i % h];
                    double prev = hJ[hp + i];
                    hJ[hn + i] = prev + z * (c - prev);
                } else {
                    hJ[hn + i] = c;
                }
            }
            hall[t + 1].write(0, hJ, hn, bh);
        }
        for (int b = 0; b < items; b++) {                          // (T*B, h) -> (B, T, h)
            for (int t = 0; t < time; t++) {
                out.write((b * time + t) * h, hJ, ((t + 1) * items + b) * h, h);
            }
        }
        return Arrays.copyOfRange(hJ, time * bh, (time + 1) * bh);
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
        double[] dh = new double[bh];
        double[] dprev = new double[bh];
        for (int t = time - 1; t >= 0; t--) {
            for (int b = 0; b < items; b++) {
                eps.read((b * time + t) * h, dh, b * h, h);
            }
            int hp = t * bh;
            int ct = t * bh;
            int gt = t * 2 * bh;
            for (int i = 0; i < bh; i++) {
                dh[i] += dnext[i];
                double c = cJ[ct + i];
                double dcv = dh[i];
                if (gated) {
                    int zi = gt + (i / h) * 2 * h + h + i % h;
                    double z = gJ[zi];
                    double prev = hJ[hp + i];
                    dcv = dh[i] * z;
                    a[i] = dh[i] * (c - prev);                     // dz
                    dprev[i] = dh[i] * (1 - z);
                }
                double dac = dcv * (1 - c * c);
                d[i] = dac;
                dbc[i % h] += dac;
            }
            dc[t].write(0, d, 0, bh);
            if (!gated) {
                dhProducts[t].run();                               // dc Whc^T
                dhp.read(0, dnext, 0, bh);
                continue;
            }
            dqProducts[t].run();                                   // dq = dc Whc^T
            dq.read(0, d, 0, bh);
            for (int b = 0; b < items; b++) {
                for (int j = 0; j < h; j++) {
                    int i = b * h + j;
                    double r = gJ[gt + b * 2 * h + j];
                    double z = gJ[gt + b * 2 * h + h + j];
                    double prev = hJ[hp + i];
                    dprev[i] += d[i] * r;
                    double dr = d[i] * prev * r * (1 - r);
                    double dz = a[i] * z * (1 - z);
                    b2[b * 2 * h + j] = dr;
                    b2[b * 2 * h + h + j] = dz;
                    dbg[j] += dr;
                    dbg[h + j] += dz;
                }
            }
            dg[t].write(0, b2, 0, 2 * bh);
            dhProducts[t].run();                                   // dg Whg^T
            dhp.read(0, dnext, 0, bh);
            for (int i = 0; i < bh; i++) {
                dnext[i] += dprev[i];
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
        for (int b = 0; b < items; b++) {                          // (T*B, nIn) -> (B, T, nIn)
            for (int t = 0; t < time; t++) {
                dx.copyFrom(dxtmV, (t * items + b) * nIn, (b * time + t) * nIn, nIn);
            }
        }
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
