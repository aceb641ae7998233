package io.makemore4j.model.layer;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A libnd4j custom op bound once to its arrays and arguments through a persistent {@link OpContext},
 * so that running it is a single native call: no Java op object, argument pointers or shape
 * descriptors are built per call (building them costs several times the work of a small op).
 * Inputs can be rebound when the caller's array object changes; outputs are fixed.
 *
 * <p>The arrays must stay allocated while the op is in use (they are the caller's preallocated
 * buffers, detached from any workspace). Not thread-safe.
 */
public final class BoundOp {

    private final CustomOp op;
    private final OpContext context;
    private final INDArray[] inputs;

    private BoundOp(CustomOp op) {
        this.op = op;
        this.context = Nd4j.getExecutioner().buildContext();
        this.inputs = op.inputArguments().toArray(new INDArray[0]);
        for (int i = 0; i < inputs.length; i++) {
            context.setInputArray(i, inputs[i]);
        }
        INDArray[] outputs = op.outputArguments().toArray(new INDArray[0]);
        for (int i = 0; i < outputs.length; i++) {
            context.setOutputArray(i, outputs[i]);
        }
        if (op.iArgs().length > 0) {
            context.setIArguments(op.iArgs());
        }
        if (op.tArgs().length > 0) {
            context.setTArguments(op.tArgs());
        }
        if (op.bArgs().length > 0) {
            context.setBArguments(op.bArgs());
        }
    }

    /** {@code c = alpha * op(a) op(b) + beta * c}, op(m) = m or its transpose. */
    public static BoundOp matmul(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, double alpha,
            double beta) {
        return new BoundOp(new Mmul(a, b, c, alpha, beta,
                MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build()));
    }

    /** Any custom op by name, e.g. {@code multiply}, {@code tanh_bp}; {@code tArgs} are its floating-point arguments. */
    public static BoundOp of(String name, INDArray[] inputs, INDArray[] outputs, double... tArgs) {
        return new BoundOp(DynamicCustomOp.builder(name).addInputs(inputs).addOutputs(outputs)
                .addFloatingPointArguments(box(tArgs)).build());
    }

    /** {@code out = f(a, b)} for a broadcasting pairwise op such as {@code multiply}, {@code add}, {@code subtract}. */
    public static BoundOp pairwise(String name, INDArray a, INDArray b, INDArray out) {
        return of(name, new INDArray[] {a, b}, new INDArray[] {out});
    }

    /** Binds input {@code index} to {@code array} (a no-op when it is already bound to that object). */
    public BoundOp input(int index, INDArray array) {
        if (inputs[index] != array) {
            context.setInputArray(index, array);
            inputs[index] = array;
        }
        return this;
    }

    /** Runs the op. */
    public void run() {
        Nd4j.getExecutioner().exec(op, context);
    }

    private static Double[] box(double[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
