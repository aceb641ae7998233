package io.makemore4j.model.layer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row copies between the dilated model's shared-boundary layout ({@code 1 + n(T-1)} rows, see
 * {@code ItemLayout}) and one row per item position ({@code n*T} rows, item-major), done in Java on
 * the arrays' memory: one bulk copy per row instead of a strided native op per position.
 */
public final class PositionRows {

    private PositionRows() {
    }

    /** {@code out[i*T + q] = packed[row(i, q)]}: both c-order contiguous, {@code C} values per row. */
    public static void expand(INDArray packed, INDArray out, int n, int time) {
        HostView in = HostView.of(contiguous(packed));
        HostView to = HostView.of(out);
        int c = (int) packed.size(1);
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < time; q++) {
                to.copyFrom(in, ItemLayout.row(i, q, n) * c, (i * time + q) * c, c);
            }
        }
    }

    /** {@code back[row(i, q)] = sum of eps[i*T + q]} over the item positions sharing that row (row 0: every item's q = 0). */
    public static void collapse(INDArray eps, INDArray back, int n, int time) {
        HostView in = HostView.of(contiguous(eps));
        HostView to = HostView.of(back);
        int c = (int) back.size(1);
        to.zero(c);
        for (int i = 0; i < n; i++) {
            to.addFrom(in, i * time * c, 0, c);
            for (int q = 1; q < time; q++) {
                to.copyFrom(in, (i * time + q) * c, ItemLayout.row(i, q, n) * c, c);
            }
        }
    }

    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1 && a.offset() == 0 ? a : a.dup('c');
    }
}
