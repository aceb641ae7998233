package io.makemore4j.model.layer;

import io.makemore4j.config.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activation of a fused layer as ops bound to one plan's arrays ({@link BoundOp}): forward
 * {@code out = act(y)}, backward {@code dy = act'(y) * dOut}. tanh and sigmoid take their
 * derivative from the saved output (libnd4j's {@code tanh_bp} would recompute tanh):
 *
 * <pre>
 *   tanh:    dy = dOut - dOut*out*out
 *   sigmoid: dy = dOut*out - dOut*out*out
 *   relu:    dy = relu_bp(y, dOut)
 * </pre>
 */
final class FusedActivation {

    private final Activation activation;
    private final BoundOp forward;
    private final BoundOp first;      // the op reading dOut (input 0 for tanh and sigmoid, 1 for relu)
    private final BoundOp second;     // tanh and sigmoid: the rest, null for relu
    private final BoundOp third;

    /**
     * @param y   the pre-activation (rows, nOut)
     * @param out the activation (rows, nOut)
     * @param sq  scratch (rows, nOut)
     * @param dy  the gradient for y (rows, nOut), also the placeholder of dOut in the bound ops
     */
    FusedActivation(Activation activation, INDArray y, INDArray out, INDArray sq, INDArray dy) {
        this.activation = activation;
        this.forward = BoundOp.of(activation.op(), new INDArray[] {y}, new INDArray[] {out}, activation.opArguments());
        switch (activation) {
            case TANH -> {
                first = BoundOp.pairwise("multiply", dy, out, sq);    // sq = dOut * out
                second = BoundOp.pairwise("multiply", sq, out, sq);   // sq *= out
                third = BoundOp.pairwise("subtract", dy, sq, dy);     // dy = dOut - sq
            }
            case SIGMOID -> {
                first = BoundOp.pairwise("multiply", dy, out, sq);    // sq = dOut * out
                second = BoundOp.pairwise("multiply", sq, out, dy);   // dy = sq * out
                third = BoundOp.pairwise("subtract", sq, dy, dy);     // dy = sq - dy
            }
            case RELU -> {
                first = BoundOp.of("relu_bp", new INDArray[] {y, out}, new INDArray[] {dy}, 0.0);   // out: placeholder for dOut
                second = null;
                third = null;
            }
            default -> throw new AssertionError(activation);
        }
    }

    /** {@code out = act(y)}. */
    void forward() {
        forward.run();
    }

    /** {@code dy = act'(y) * dOut}, {@code dOut} (rows, nOut). */
    void backward(INDArray dOut) {
        switch (activation) {
            case TANH -> {
                first.input(0, dOut).run();
                second.run();
                third.input(0, dOut).run();
            }
            case SIGMOID -> {
                first.input(0, dOut).run();
                second.run();
                third.run();
            }
            default -> first.input(1, dOut).run();
        }
    }

    /** {@code out = act(out)} in place, unbound (inference). */
    static void applyInPlace(Activation activation, INDArray out) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder(activation.op()).addInputs(out).addOutputs(out);
        double[] args = activation.opArguments();
        if (args.length > 0) {
            Double[] boxed = new Double[args.length];
            for (int i = 0; i < args.length; i++) {
                boxed[i] = args[i];
            }
            op.addFloatingPointArguments(boxed);
        }
        Nd4j.exec(op.build());
    }
}
