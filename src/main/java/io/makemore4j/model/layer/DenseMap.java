package io.makemore4j.model.layer;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The linear map of {@link FusedLinearBatchNorm}: {@code z = x W}, {@code x} (rows, nIn). In
 * training each product is an op bound once to the plan's arrays ({@link BoundOp}); in inference one
 * {@code xw_plus_b} with the folded bias.
 */
final class DenseMap implements LinearMap {

    private final long nIn;
    private final DataType dataType;

    /**
     * @param nIn      the layer's input width
     * @param dataType the network's data type, of the input gradient
     */
    DenseMap(long nIn, DataType dataType) {
        this.nIn = nIn;
        this.dataType = dataType;
    }

    @Override
    public INDArray input(INDArray x, INDArray mask, Supplier<String> layer) {
        if (x.rank() != 2 || x.size(1) != nIn) {
            throw new DL4JInvalidInputException("FusedLinearBatchNorm " + layer.get() + ": expected input (rows, "
                    + nIn + "), got " + Arrays.toString(x.shape()));
        }
        return x;
    }

    @Override
    public double[] rowWeights(long rows) {
        return null;
    }

    @Override
    public Training training(long rows, INDArray w, INDArray z) {
        return new Bound(rows, w, z);
    }

    @Override
    public void infer(INDArray x, INDArray w, INDArray shift, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("xw_plus_b").addInputs(x, w, shift).addOutputs(out).build());   // (rows, nOut)
    }

    /** The products of one row count; the backward ones bound when first run (the gradient views may come later). */
    private final class Bound implements Training {
        private final INDArray w;           // (nIn, nOut)
        private final INDArray dx;          // (rows, nIn): dL/dx, and the placeholder of the input in the bound ops
        private final BoundOp linear;
        private INDArray boundDz;
        private INDArray boundDW;
        private BoundOp dW;
        private BoundOp dX;

        Bound(long rows, INDArray w, INDArray z) {
            this.w = w;
            this.dx = Nd4j.create(dataType, new long[] {rows, nIn}, 'c');
            this.linear = BoundOp.matmul(dx, w, z, false, false, 1.0, 0.0);
        }

        @Override
        public void forward(INDArray x) {
            linear.input(0, x).run();                            // z = x W                    (rows, nOut)
        }

        @Override
        public INDArray backward(INDArray x, INDArray dz, INDArray dWOut) {
            if (dW == null || boundDz != dz || boundDW != dWOut) {
                dW = BoundOp.matmul(dx, dz, dWOut, true, false, 1.0, 0.0);
                dX = BoundOp.matmul(dz, w, dx, false, true, 1.0, 0.0);
                boundDz = dz;
                boundDW = dWOut;
            }
            dW.input(0, x).run();                                // dW = x^T dz                (nIn, nOut)
            dX.run();                                            // dx = dz W^T                (rows, nIn)
            return dx;
        }
    }
}
