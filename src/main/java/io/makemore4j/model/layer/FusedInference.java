package io.makemore4j.model.layer;

import io.makemore4j.config.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A fused layer's inference: the running statistics folded into the weights ({@link BatchNormFold}),
 * {@code out = act(f(x; W*a) + b)}: a scale of W (nIn x nOut values), the linear map with the bias
 * added and the activation in place. The output is a detached buffer that only grows (to the
 * largest batch seen, e.g. an evaluation chunk), so the next vertex takes a view of it instead of
 * copying it between workspaces; valid until the next inference pass.
 */
final class FusedInference {

    private final DataType dataType;
    private final int nOut;
    private final INDArray scale;          // (nOut) a = gamma / sqrt(var + eps)
    private final INDArray shift;          // (nOut) b = beta - mean * a
    private final INDArray weights;        // (nIn, nOut) W * a
    private final HostView scaleH;
    private final HostView shiftH;
    private final double[] gamma;          // per-channel scratch, (nOut) each
    private final double[] beta;
    private final double[] mean;
    private final double[] var;
    private INDArray out;                  // (>= rows, nOut)

    FusedInference(DataType dataType, long nIn, int nOut) {
        this.dataType = dataType;
        this.nOut = nOut;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            scale = Nd4j.create(dataType, nOut);
            shift = Nd4j.create(dataType, nOut);
            weights = Nd4j.create(dataType, new long[] {nIn, nOut}, 'c');
        }
        scaleH = HostView.of(scale);
        shiftH = HostView.of(shift);
        gamma = new double[nOut];
        beta = new double[nOut];
        mean = new double[nOut];
        var = new double[nOut];
    }

    /**
     * {@code act(f(x; W*a) + b)}, {@code (rows, nOut)}, from the current parameters.
     *
     * @param x      the linear map's input
     * @param params the parameters' host views, in the order gamma, beta, mean, var
     * @param w      the weight parameter (nIn, nOut)
     */
    INDArray forward(INDArray x, HostView[] params, INDArray w, double eps, LinearMap map, Activation activation) {
        params[0].read(gamma);
        params[1].read(beta);
        params[2].read(mean);
        params[3].read(var);
        BatchNormFold.fold(gamma, beta, mean, var, eps, mean, var);   // mean: now the scale a, var the shift b
        scaleH.write(mean);
        shiftH.write(var);
        INDArray result = output(x.size(0));                                                 // (rows, nOut)
        Nd4j.exec(DynamicCustomOp.builder("multiply").addInputs(w, scale).addOutputs(weights).build());   // W*a (nIn, nOut)
        map.infer(x, weights, shift, result);
        FusedActivation.applyInPlace(activation, result);
        return result;
    }

    /** The first {@code rows} rows of the output buffer, grown when too small. */
    private INDArray output(long rows) {
        if (out == null || out.size(0) < rows) {
            out = null;
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                out = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
            }
        }
        return out.size(0) == rows ? out : out.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
    }
}
