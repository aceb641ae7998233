package io.makemore4j.model.layer;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The dilated model's layout of a batch of {@code n} items of {@code T} positions (the graph's
 * {@code (n, T)} mask): {@code 1 + n(T-1)} rows, row 0 the boundary context shared by all items,
 * then position {@code q >= 1} of item {@code i} at row {@code 1 + (q-1)n + i} (time-major).
 */
final class ItemLayout {

    private ItemLayout() {
    }

    /** The row of position {@code q} of item {@code i} among {@code n} items. */
    static int row(int i, int q, int n) {
        return q == 0 ? 0 : 1 + (q - 1) * n + i;
    }

    /** {n, T} from the mask, checked against the rows of an activation; {@code who} names the caller in errors. */
    static int[] of(INDArray mask, long rows, String who) {
        if (mask == null || mask.rank() != 2) {
            throw new DL4JInvalidInputException(who + ": needs the (items, T) mask of the batch, got "
                    + (mask == null ? "none" : Arrays.toString(mask.shape())));
        }
        long n = mask.size(0);
        long time = mask.size(1);
        if (1 + n * (time - 1) != rows) {
            throw new DL4JInvalidInputException(who + ": " + rows + " rows do not fit " + n + " items of " + time
                    + " positions (1 + n(T-1) rows)");
        }
        return new int[] {Math.toIntExact(n), Math.toIntExact(time)};
    }

    /** The mask's values, item-major. */
    static double[] maskValues(INDArray mask, int n, int time) {
        INDArray m = mask.ordering() == 'c' && mask.elementWiseStride() == 1
                && (mask.dataType() == DataType.FLOAT || mask.dataType() == DataType.DOUBLE)
                ? mask : mask.castTo(DataType.FLOAT).dup('c');
        HostView view = HostView.of(m);
        double[] values = new double[n * time];
        view.read(values);
        return values;
    }
}
