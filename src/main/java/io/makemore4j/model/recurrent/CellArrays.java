package io.makemore4j.model.recurrent;

import io.makemore4j.model.layer.HostView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The native arrays of a {@link CellPlan}, time-major (row {@code t*B + b}), with a view of every
 * position's block; {@code h} is the cell's width, {@code G = 2h} the gates'. Allocated outside any
 * workspace.
 */
final class CellArrays {

    final int items;
    final int time;
    final INDArray xtm;                  // (T*B, nIn) the input
    final INDArray dxtm;                 // (T*B, nIn) its gradient
    final HostView xtmV;
    final HostView dxtmV;
    final INDArray agAll;                // (T*B, G) the gates (see agBlock)
    final INDArray acAll;                // (T*B, h) the candidates (see acBlock)
    final INDArray hPrevAll;             // (T*B, h) h_{t-1} for every t: blocks 0..T-1 of the states
    final INDArray qAll;                 // (T*B, h) r * h_{t-1}
    final INDArray dgAll;                // (T*B, G) gradient of the gates' pre-activations
    final INDArray dcAll;                // (T*B, h) gradient of the candidate's pre-activations
    final INDArray dqArray;              // (B, h) gradient of q at one position
    final INDArray dhpArray;             // (B, h) the recurrent products' gradient of h_{t-1}
    final INDArray[] hBlock;             // per t <= T: (B, h) h_{t-1}; block 0 the initial state
    final INDArray[] agBlock;            // per t: (B, G) x Wxg + bg, then + h_{t-1} Whg, then the gates
    final INDArray[] qBlock;
    final INDArray[] acBlock;            // per t: (B, h) x Wxc + bc, then + q Whc (plain: h_{t-1} Whc), then c
    final INDArray[] dgBlock;
    final INDArray[] dcBlock;
    final HostView[] ag;
    final HostView[] ac;
    final HostView[] h;
    final HostView[] q;
    final HostView[] dg;
    final HostView[] dc;
    final HostView dq;
    final HostView dhp;

    /** @param training whether to allocate backprop's arrays (the gradients); null otherwise */
    CellArrays(DataType dtype, int items, int time, int nIn, int width, boolean gated, boolean training) {
        this.items = items;
        this.time = time;
        int rows = items * time;
        xtm = Nd4j.create(dtype, rows, nIn);
        dxtm = training ? Nd4j.create(dtype, rows, nIn) : null;
        xtmV = HostView.of(xtm);
        dxtmV = training ? HostView.of(dxtm) : null;
        INDArray hAll = Nd4j.create(dtype, rows + items, width);
        hPrevAll = hAll.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        acAll = Nd4j.create(dtype, rows, width);
        dcAll = training ? Nd4j.create(dtype, rows, width) : null;
        agAll = gated ? Nd4j.create(dtype, rows, 2 * width) : null;
        qAll = gated ? Nd4j.create(dtype, rows, width) : null;
        dgAll = gated && training ? Nd4j.create(dtype, rows, 2 * width) : null;
        dqArray = training ? Nd4j.create(dtype, items, width) : null;
        dhpArray = training ? Nd4j.create(dtype, items, width) : null;
        dq = training ? HostView.of(dqArray) : null;
        dhp = training ? HostView.of(dhpArray) : null;
        hBlock = blocks(hAll, time + 1);
        h = views(hBlock);
        acBlock = blocks(acAll, time);
        ac = views(acBlock);
        dcBlock = training ? blocks(dcAll, time) : null;
        dc = training ? views(dcBlock) : null;
        agBlock = gated ? blocks(agAll, time) : null;
        ag = gated ? views(agBlock) : null;
        qBlock = gated ? blocks(qAll, time) : null;
        q = gated ? views(qBlock) : null;
        dgBlock = gated && training ? blocks(dgAll, time) : null;
        dg = gated && training ? views(dgBlock) : null;
    }

    private INDArray[] blocks(INDArray timeMajor, int count) {
        INDArray[] out = new INDArray[count];
        for (int t = 0; t < count; t++) {
            out[t] = timeMajor.get(NDArrayIndex.interval((long) t * items, (long) (t + 1) * items), NDArrayIndex.all());
        }
        return out;
    }

    private static HostView[] views(INDArray[] arrays) {
        HostView[] out = new HostView[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = HostView.of(arrays[i]);
        }
        return out;
    }

    /** {@code x} (B, T, width) batch-major into the time-major input. */
    void transposeIn(HostView x, int width) {
        for (int b = 0; b < items; b++) {
            for (int t = 0; t < time; t++) {
                xtmV.copyFrom(x, (b * time + t) * width, (t * items + b) * width, width);
            }
        }
    }

    /** The time-major input gradient of the first {@code positions} positions into {@code dx} (B, T, width), 0 after them. */
    void transposeOut(HostView dx, int width, int positions) {
        double[] zeros = new double[width];
        for (int b = 0; b < items; b++) {
            for (int t = 0; t < time; t++) {
                if (t < positions) {
                    dx.copyFrom(dxtmV, (t * items + b) * width, (b * time + t) * width, width);
                } else {
                    dx.write((b * time + t) * width, zeros, 0, width);
                }
            }
        }
    }

    /** A view of the rows of the first {@code positions} positions of a time-major array. */
    INDArray rows(INDArray timeMajor, int positions) {
        return timeMajor.get(NDArrayIndex.interval(0, (long) positions * items), NDArrayIndex.all());
    }
}
