package io.makemore4j.model.layer;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The linear map of {@link DilatedConv}: a causal convolution over whole items.
 *
 * <p><b>Layout</b> ({@link ItemLayout}). A batch of {@code n} items and {@code T} positions (the graph's
 * mask is {@code (n, T)}) is {@code 1 + n(T-1)} rows of channels: row 0 stands for every position
 * before the items (the boundary token at the input), then the items' positions {@code q = 1..T-1}
 * time-major, position q of item i at row {@code 1 + (q-1)n + i}. Because the convolution is causal
 * and every item starts with the same boundary context, every position before any item has one and
 * the same activation at every stage: row 0, shared by all items. Shifting by {@code s} positions
 * is then shifting by {@code s*n} rows, and a tap that reaches before an item reads row 0:
 *
 * <pre>
 *   z[row of (i, q)] = sum over taps m = 0..k-1, s = (k-1-m)d:  h[row of (i, q-s), or row 0 when q-s < 1] W_m
 *   W_m = rows m*C .. (m+1)*C-1 of W (k*C, nOut): the oldest tap first, as FlattenConsecutive orders them
 * </pre>
 *
 * so each tap is one matrix product accumulated into a shifted contiguous block of rows, plus the
 * boundary row's product added to the rows whose tap reaches before the item; no gathering copy.
 * Each item costs its positions per stage, where the flatten model costs {@code blockSize - 1} rows
 * per predicted character.
 *
 * <p><b>Batch statistics</b> are over the valid positions of the padded items: row 0 with weight
 * {@link DilatedConv#getPaddedPositions()} for each item (the padded positions it stands for in each),
 * item positions 1 where the mask is 1, padding after an item's end 0. Padding rows receive a zero
 * gradient from the layers after them (the loss ignores them and every layer is causal).
 *
 * <p>Keeps the layout of the last input and scratch arrays grown to the largest pass, detached.
 */
final class DilatedConvMap implements LinearMap {

    private final DilatedConv conv;
    private final DataType dataType;
    // the last input's layout: items, positions, mask (items, T) and the layer's id for messages
    private int items;
    private int time;
    private INDArray mask;
    private Supplier<String> layer = () -> "";
    private double[] weights = new double[0];
    private INDArray[] taps;              // (C, nOut) each: W_m (copied from W's rows, in W's order)
    private HostView[] tapViews;
    private INDArray boundaryProduct;     // (1, nOut) h[0] W_m
    private INDArray dInput;              // (>= rows, C)
    private INDArray dTap;                // (C, nOut) in dW's order
    private HostView dTapView;

    /**
     * @param conv     the layer's configuration: kernel, dilation, channels, padded positions
     * @param dataType the network's data type, of the scratch arrays
     */
    DilatedConvMap(DilatedConv conv, DataType dataType) {
        this.conv = conv;
        this.dataType = dataType;
    }

    @Override
    public INDArray input(INDArray x, INDArray mask, Supplier<String> layer) {
        this.layer = layer;
        long channels = conv.channels();
        if (x.rank() != 2 || x.size(1) != channels) {
            throw new DL4JInvalidInputException("DilatedConv " + layer.get() + ": expected input (1 + items*(T-1), " + channels
                    + ") in the layout of ItemRows, got " + Arrays.toString(x.shape()));
        }
        int[] layout = ItemLayout.of(mask, x.size(0), "DilatedConv " + layer.get());
        items = layout[0];
        time = layout[1];
        this.mask = mask;
        return x.ordering() == 'c' && x.elementWiseStride() == 1 ? x : x.dup('c');   // (1 + items*(T-1), C)
    }

    @Override
    public double[] rowWeights(long rows) {
        if (weights.length != rows) {
            weights = new double[(int) rows];
        }
        double[] valid = ItemLayout.maskValues(mask, items, time);   // (items, T)
        double padded = conv.getPaddedPositions();
        double startingItems = 0;
        for (int i = 0; i < items; i++) {
            startingItems += valid[i * time] != 0 ? 1 : 0;
        }
        weights[0] = padded * startingItems;
        double total = weights[0];
        for (int q = 1; q < time; q++) {
            for (int i = 0; i < items; i++) {
                double w = valid[i * time + q] != 0 ? 1 : 0;
                weights[1 + (q - 1) * items + i] = w;
                total += w;
            }
        }
        if (total == 0) {
            throw new DL4JInvalidInputException("DilatedConv " + layer.get() + ": the mask leaves no valid position");
        }
        for (int r = 0; r < rows; r++) {
            weights[r] /= total;
        }
        return weights;
    }

    @Override
    public Training training(long rows, INDArray w, INDArray z) {
        return new Training() {
            @Override
            public void forward(INDArray x) {
                convolve(x, w, z);
            }

            @Override
            public INDArray backward(INDArray x, INDArray dz, INDArray dW) {
                return convolveBackward(x, dz, dW);
            }
        };
    }

    @Override
    public void infer(INDArray x, INDArray w, INDArray shift, INDArray out) {
        convolve(x, w, out);
        out.addiRowVector(shift);
    }

    /** {@code z = conv(x; w)}: x (rows, C), w (k*C, nOut), z (rows, nOut). */
    private void convolve(INDArray x, INDArray w, INDArray z) {
        int k = conv.getKernel();
        long rows = x.size(0);
        long nOut = z.size(1);
        copyTaps(w);
        Nd4j.gemm(x, taps[k - 1], z, false, false, 1.0, 0.0);         // the current position: z = h W_{k-1}
        if (boundaryProduct == null) {
            boundaryProduct = detached(new long[] {1, nOut}, 'c');
        }
        INDArray h0 = x.getRow(0, true);                               // row 0: every position before the items (1, C)
        for (int m = 0; m < k - 1; m++) {
            long block = (long) (k - 1 - m) * conv.getDilation() * items;   // rows of a shift of s positions
            if (1 + block < rows) {                                    // positions q-s >= 1: a shifted block
                Nd4j.gemm(rows(x, 1, rows - block), taps[m], rows(z, 1 + block, rows), false, false, 1.0, 1.0);
            }
            Nd4j.gemm(h0, taps[m], boundaryProduct, false, false, 1.0, 0.0);   // h[0] W_m           (1, nOut)
            if (rows > 1) {
                rows(z, 1, Math.min(rows, 1 + block)).addiRowVector(boundaryProduct);   // positions q-s < 1
            }
            z.getRow(0, true).addi(boundaryProduct);
        }
    }

    /** Writes dW (k*C, nOut) and returns dx (rows, C), given dz (rows, nOut); the taps of the last forward pass. */
    private INDArray convolveBackward(INDArray x, INDArray dz, INDArray dW) {
        int k = conv.getKernel();
        long rows = x.size(0);
        long channels = conv.channels();
        long nOut = dz.size(1);
        dInput = grow(dInput, rows, channels);
        INDArray dx = rows(dInput, 0, rows);                           // (rows, C)
        if (dTap == null) {
            dTap = detached(new long[] {channels, nOut}, dW.ordering());
            dTapView = HostView.of(dTap);
        }
        Nd4j.gemm(dz, taps[k - 1], dx, false, true, 1.0, 0.0);       // dh = dz W_{k-1}^T
        Nd4j.gemm(x, dz, dTap, true, false, 1.0, 0.0);                 // dW_{k-1} = h^T dz
        HostView dWView = HostView.of(dW);
        copyTap(dWView, dW.ordering(), dTapView, k - 1, false);
        INDArray h0 = x.getRow(0, true);
        INDArray dx0 = dx.getRow(0, true);
        for (int m = 0; m < k - 1; m++) {
            long block = (long) (k - 1 - m) * conv.getDilation() * items;
            // the gradient reaching row 0 through this tap: row 0 and every position with q-s < 1   (1, nOut)
            INDArray toBoundary = rows(dz, 0, Math.min(rows, 1 + block)).sum(true, 0);
            Nd4j.gemm(h0, toBoundary, dTap, true, false, 1.0, 0.0);   // dW_m = h[0]^T toBoundary
            Nd4j.gemm(toBoundary, taps[m], dx0, false, true, 1.0, 1.0);   // dh[0] += toBoundary W_m^T
            if (1 + block < rows) {
                INDArray dzShifted = rows(dz, 1 + block, rows);
                Nd4j.gemm(rows(x, 1, rows - block), dzShifted, dTap, true, false, 1.0, 1.0);   // dW_m += h^T dz, shifted
                Nd4j.gemm(dzShifted, taps[m], rows(dx, 1, rows - block), false, true, 1.0, 1.0); // dh += dz W_m^T, shifted
            }
            copyTap(dWView, dW.ordering(), dTapView, m, false);
        }
        return dx;
    }

    /** Copies the taps W_m (rows m*C .. of W) into contiguous arrays of W's order. */
    private void copyTaps(INDArray w) {
        int k = conv.getKernel();
        if (taps == null || taps[0].ordering() != w.ordering()) {   // W: the parameter ('f'), or the folded inference weights ('c')
            taps = new INDArray[k];
            tapViews = new HostView[k];
            for (int m = 0; m < k; m++) {
                taps[m] = detached(new long[] {conv.channels(), w.size(1)}, w.ordering());
                tapViews[m] = HostView.of(taps[m]);
            }
        }
        HostView all = HostView.of(w);
        for (int m = 0; m < k; m++) {
            copyTap(all, w.ordering(), tapViews[m], m, true);
        }
    }

    /**
     * Copies tap m between W (k*C, nOut) and a tap (C, nOut) of the same order; {@code fromW} gives the
     * direction. In 'f' order column j of W is k*C values from j*k*C and of the tap C values from
     * j*C; in 'c' order the tap is one block of W. (Done in Java: an NDArrayIndex row interval of an
     * 'f'-order matrix came back empty here.)
     */
    private void copyTap(HostView w, char order, HostView tap, int m, boolean fromW) {
        int c = (int) conv.channels();
        int kc = conv.getKernel() * c;
        int nOut = tap.length() / c;
        if (order == 'c') {
            if (fromW) {
                tap.copyFrom(w, m * c * nOut, 0, c * nOut);
            } else {
                w.copyFrom(tap, 0, m * c * nOut, c * nOut);
            }
            return;
        }
        for (int j = 0; j < nOut; j++) {
            if (fromW) {
                tap.copyFrom(w, j * kc + m * c, j * c, c);
            } else {
                w.copyFrom(tap, j * c, j * kc + m * c, c);
            }
        }
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return from == 0 && to == a.size(0) ? a : a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    private INDArray grow(INDArray buffer, long rows, long width) {
        if (buffer != null && buffer.size(0) >= rows) {
            return buffer;
        }
        return detached(new long[] {Math.max(rows, buffer == null ? 0 : 2 * buffer.size(0)), width}, 'c');
    }

    private INDArray detached(long[] shape, char order) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(dataType, shape, order);
        }
    }
}
