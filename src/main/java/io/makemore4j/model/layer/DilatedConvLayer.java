package io.makemore4j.model.layer;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Runtime layer of {@link DilatedConv}: a causal convolution over whole items, computed as the
 * fused Linear + BatchNorm + activation of {@link FusedLinearBatchNormLayer} on gathered rows.
 *
 * <p><b>Layout.</b> A batch is {@code (items, T)} positions, c-order, one row of channels per
 * position: {@code (items, T, C)}. Row {@code q = 0} of an item stands for the padding before it
 * (the boundary token at the input), row {@code q >= 1} for the item's character {@code q-1}; rows
 * past an item's end are padding, marked 0 in the graph's mask {@code (items, T)}. Because the
 * convolution is causal and every position before the item holds the same boundary context, all
 * padded positions before an item have one and the same activation at every stage: row 0. So a tap
 * that reaches before the item reads row 0:
 *
 * <pre>
 *   gathered[i, q] = [h[i, max(0, q-(k-1)d)], ..., h[i, max(0, q-d)], h[i, q]]   (items*T, k*C)
 *   z = gathered W                                                             (items*T, nOut)
 * </pre>
 *
 * and the final stage's row {@code q} predicts the item's character {@code q} (or its end). Each
 * item costs {@code T} rows per stage, where the flatten model costs {@code blockSize - 1} rows per
 * predicted character.
 *
 * <p><b>Batch statistics</b> are over the valid positions of the padded items: row 0 with weight
 * {@link DilatedConv#getPaddedPositions()} (the padded positions it stands for), item rows 1,
 * padding after the end 0. Padding rows receive a zero gradient from the layers after them (the
 * loss ignores them and every layer is causal), so they never reach the parameters.
 */
public class DilatedConvLayer extends FusedLinearBatchNormLayer {

    private int items;
    private int time;
    private long[] inputShape;
    private double[] weights = new double[0];
    // buffers grown to the largest pass, detached; a pass uses their first rows
    private INDArray gathered;            // (>= rows, k*C) the gathered input of the last pass
    private HostView gatheredH;
    private INDArray dInput;              // (>= rows, C) the input gradient of the last backward pass
    private HostView dInputH;

    /** Created by {@link DilatedConv#instantiate}. */
    public DilatedConvLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private DilatedConv conv() {
        return (DilatedConv) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = super.activate(training, workspaceMgr);                 // (items*T, nOut)
        return out.reshape('c', items, time, layerConf().getNOut());          // (items, T, nOut), a view
    }

    @Override
    protected INDArray linearInput(INDArray x, boolean training) {
        long channels = conv().channels();
        if (x.rank() == 3 && x.size(2) == channels) {
            items = Math.toIntExact(x.size(0));
            time = Math.toIntExact(x.size(1));
        } else if (x.rank() == 2 && x.size(1) == channels && maskArray != null
                && maskArray.length() == x.size(0) && maskArray.rank() == 2) {
            items = Math.toIntExact(maskArray.size(0));
            time = Math.toIntExact(maskArray.size(1));
        } else {
            throw new DL4JInvalidInputException("DilatedConv " + layerId() + ": expected input (items, T, " + channels
                    + "), or (items*T, " + channels + ") with an (items, T) mask; got " + Arrays.toString(x.shape()));
        }
        inputShape = x.shape();
        INDArray h = x.ordering() == 'c' && x.elementWiseStride() == 1 && x.offset() == 0 ? x : x.dup('c');
        int rows = items * time;
        int k = conv().getKernel();
        gathered = grow(gathered, rows, k * channels);
        gatheredH = HostView.of(gatheredH, gathered);
        gather(HostView.of(h), gatheredH, (int) channels, k, conv().getDilation());
        return rows(gathered, rows);                                  // (rows, k*C)
    }

    /** {@code buffer} if it has at least {@code rows} rows of {@code width}, else a new, larger detached one. */
    private INDArray grow(INDArray buffer, long rows, long width) {
        if (buffer != null && buffer.size(0) >= rows) {
            return buffer;
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(dataType, new long[] {Math.max(rows, buffer == null ? 0 : 2 * buffer.size(0)), width}, 'c');
        }
    }

    private static INDArray rows(INDArray buffer, long rows) {
        return buffer.size(0) == rows ? buffer : buffer.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
    }

    /** gathered[i, q] = [h[i, max(0, q - (k-1-m) d)] for m = 0..k-1], each block of C channels. */
    private void gather(HostView h, HostView gathered, int channels, int k, int dilation) {
        int width = k * channels;
        for (int i = 0; i < items; i++) {
            int first = i * time;
            for (int q = 0; q < time; q++) {
                int row = (first + q) * width;
                for (int m = 0; m < k; m++) {
                    int source = first + Math.max(0, q - (k - 1 - m) * dilation);
                    gathered.copyFrom(h, source * channels, row + m * channels, channels);
                }
            }
        }
    }

    @Override
    protected double[] rowWeights(long rows) {
        if (weights.length != rows) {
            weights = new double[(int) rows];
        }
        HostView mask = null;
        if (maskArray != null) {
            if (maskArray.length() != rows) {
                throw new DL4JInvalidInputException("DilatedConv " + layerId() + ": mask " + Arrays.toString(maskArray.shape())
                        + " does not match " + items + " items of " + time + " positions");
            }
            INDArray m = maskArray.ordering() == 'c' && maskArray.elementWiseStride() == 1
                    && (maskArray.dataType() == DataType.FLOAT || maskArray.dataType() == DataType.DOUBLE)
                    ? maskArray : maskArray.castTo(DataType.FLOAT).dup('c');
            mask = HostView.of(m);
        }
        double padded = conv().getPaddedPositions();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            boolean valid = mask == null || mask.get(r) != 0;
            double w = !valid ? 0 : r % time == 0 ? padded : 1;
            weights[r] = w;
            total += w;
        }
        if (total == 0) {
            throw new DL4JInvalidInputException("DilatedConv " + layerId() + ": the mask leaves no valid position");
        }
        for (int r = 0; r < rows; r++) {
            weights[r] /= total;
        }
        return weights;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        long nOut = layerConf().getNOut();
        INDArray eps = epsilon.rank() == 2 ? epsilon : epsilon.reshape('c', epsilon.length() / nOut, nOut);  // (rows, nOut)
        return super.backpropGradient(eps, workspaceMgr);
    }

    /** Adds each gathered block's gradient back to the row it was copied from. */
    @Override
    protected INDArray inputGradient(INDArray dGathered) {
        int channels = (int) conv().channels();
        int k = conv().getKernel();
        int dilation = conv().getDilation();
        int rows = items * time;
        dInput = grow(dInput, rows, channels);
        dInputH = HostView.of(dInputH, dInput);
        dInputH.zero(rows * channels);
        HostView dg = HostView.of(dGathered);
        int width = k * channels;
        for (int i = 0; i < items; i++) {
            int first = i * time;
            for (int q = 0; q < time; q++) {
                int row = (first + q) * width;
                for (int m = 0; m < k; m++) {
                    int source = first + Math.max(0, q - (k - 1 - m) * dilation);
                    dInputH.addFrom(dg, row + m * channels, source * channels, channels);
                }
            }
        }
        INDArray dx = rows(dInput, rows);                             // (rows, C)
        return inputShape.length == 3 ? dx.reshape('c', inputShape) : dx;
    }
}
