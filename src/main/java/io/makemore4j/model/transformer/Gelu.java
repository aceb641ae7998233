package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.BoundOp;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * makemore's {@code NewGELU}, the tanh form of GELU, as native element-wise ops bound once to
 * preallocated arrays ({@link BoundOp}):
 *
 * <pre>
 *   gelu(f)  = 0.5 f (1 + th),   th = tanh(c (f + a f^3)),   c = sqrt(2/pi), a = 0.044715
 *   gelu'(f) = 0.5 (1 + th) + 0.5 c f (1 + 3a f^2) (1 - th^2)
 * </pre>
 *
 * (libnd4j's {@code gelu} is the sigmoid approximation and its {@code precise_gelu} another formula;
 * neither is this one.) The forward pass keeps {@code th} for the backward pass.
 */
public final class Gelu {

    static final double C = Math.sqrt(2.0 / Math.PI);
    static final double A = 0.044715;

    private final BoundOp[] forward;
    private BoundOp[] backward;
    private final INDArray f;
    private final INDArray th;
    private final INDArray u;
    private INDArray half;
    private INDArray one;
    private INDArray halfC;
    private INDArray threeHalfCA;

    /**
     * @param f  (rows, n) the input
     * @param u  (rows, n) scratch
     * @param th (rows, n) tanh(c (f + a f^3)), written by the forward pass
     * @param g  (rows, n) the output
     */
    Gelu(INDArray f, INDArray u, INDArray th, INDArray g) {
        this.f = f;
        this.u = u;
        this.th = th;
        INDArray ca;
        INDArray c;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            ca = constant(C * A);
            c = constant(C);
            half = constant(0.5);
            one = constant(1.0);
        }
        forward = new BoundOp[] {
            BoundOp.pairwise("multiply", f, f, u),          // u = f^2
            BoundOp.pairwise("multiply", u, ca, u),         // u = c a f^2
            BoundOp.pairwise("add", u, c, u),               // u = c + c a f^2
            BoundOp.pairwise("multiply", u, f, u),          // u = c (f + a f^3)
            BoundOp.of("tanh", new INDArray[] {u}, new INDArray[] {th}),
            BoundOp.pairwise("add", th, one, g),            // g = 1 + th
            BoundOp.pairwise("multiply", g, f, g),
            BoundOp.pairwise("multiply", g, half, g),       // g = 0.5 f (1 + th)
        };
    }

    /**
     * {@code g = gelu(f)} into {@code g} (the same steps as the bound forward pass, with in-place
     * array operations on arrays of any row count, nothing allocated): for inference one step at a
     * time ({@code io.makemore4j.sample}).
     */
    public static void apply(INDArray f, INDArray g) {
        g.assign(f).muli(f).muli(C * A).addi(C).muli(f);                // c (f + a f^3)
        Nd4j.exec(DynamicCustomOp.builder("tanh").addInputs(g).addOutputs(g).build());
        g.addi(1.0).muli(f).muli(0.5);                                   // 0.5 f (1 + th)
    }

    private INDArray constant(double value) {
        return Nd4j.scalar(f.dataType(), value).reshape(1, 1);
    }

    /** {@code g = gelu(f)}; keeps th. */
    void forward() {
        for (BoundOp op : forward) {
            op.run();
        }
    }

    /**
     * Binds the backward pass: {@code df = dg * gelu'(f)}, with {@code s} (rows, n) scratch.
     * Reads th of the last forward pass.
     */
    void bindBackward(INDArray dg, INDArray s, INDArray df) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            halfC = constant(0.5 * C);
            threeHalfCA = constant(1.5 * C * A);
        }
        backward = new BoundOp[] {
            BoundOp.pairwise("multiply", f, f, u),          // u = f^2
            BoundOp.pairwise("multiply", u, threeHalfCA, u),
            BoundOp.pairwise("add", u, halfC, u),           // u = 0.5 c (1 + 3a f^2)
            BoundOp.pairwise("multiply", u, f, u),          // u = 0.5 c f (1 + 3a f^2)
            BoundOp.pairwise("multiply", th, th, s),        // s = th^2
            BoundOp.pairwise("multiply", s, u, s),
            BoundOp.pairwise("subtract", u, s, u),          // u = 0.5 c f (1 + 3a f^2)(1 - th^2)
            BoundOp.pairwise("multiply", th, half, s),
            BoundOp.pairwise("add", s, half, s),            // s = 0.5 (1 + th)
            BoundOp.pairwise("add", u, s, u),               // u = gelu'(f)
            BoundOp.pairwise("multiply", u, dg, df),        // df = dg gelu'(f)
        };
    }

    /** {@code df = dg * gelu'(f)} into the arrays of {@link #bindBackward}. */
    void backward() {
        for (BoundOp op : backward) {
            op.run();
        }
    }
}
