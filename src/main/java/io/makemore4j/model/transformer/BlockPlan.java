package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.BoundOp;
import io.makemore4j.model.layer.HostView;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.function.Function;

/**
 * The arrays and bound native ops of a {@link TransformerBlockLayer} for one row count: the forward
 * pass's activations (kept for the backward pass in training) and, bound on first use, the backward
 * pass's gradients. Every array is {@code (rows, width)} in 'c' order; every matrix product and
 * element-wise op is bound once to its arrays ({@link BoundOp}), the Java parts (layer norms and
 * attention) read and write them through {@link HostView}s.
 */
final class BlockPlan {

    final long rows;
    final Map<String, INDArray> params;      // the parameter arrays the ops are bound to
    // forward: (rows, C) unless noted
    final INDArray h1;                       // LayerNorm1(x)
    final INDArray qkv;                      // (rows, 3C)
    final INDArray att;                      // attention output
    final INDArray a;                        // proj(att), then dropped in place
    final INDArray r;                        // x + a
    final INDArray h2;                       // LayerNorm2(r)
    final INDArray f;                        // (rows, 4C) fc(h2)
    final INDArray th;                       // (rows, 4C) GELU's tanh
    final INDArray u;                        // (rows, 4C) scratch
    final INDArray g;                        // (rows, 4C) gelu(f)
    final INDArray m;                        // out(g), then dropped in place
    final INDArray out;                      // r + m
    final INDArray dropA;                    // dropout scales of a and m, or null without dropout
    final INDArray dropM;
    final HostView h1V;
    final HostView qkvV;
    final HostView attV;
    final HostView rV;
    final HostView h2V;
    final HostView dropAV;
    final HostView dropMV;
    final BoundOp[] attentionIn;             // qkv = h1 W + b
    final BoundOp[] attentionOut;            // a = att W + b [, a *= dropA]
    final BoundOp residual1;                 // r = x + a (x rebound per pass)
    final BoundOp[] mlpIn;                   // f = h2 W + b
    final Gelu gelu;
    final BoundOp[] mlpOut;                  // m = g W + b [, m *= dropM], out = r + m
    // backward, bound on first use
    INDArray boundGradients;
    INDArray dm;                             // dOut [* dropM]
    INDArray dg;                             // (rows, 4C)
    INDArray df;                             // (rows, 4C)
    INDArray s;                              // (rows, 4C) scratch
    INDArray dh2;
    INDArray dr;                             // the residual stream's gradient after the attention
    INDArray da;                             // dr [* dropA]
    INDArray datt;
    INDArray dqkv;                           // (rows, 3C)
    INDArray dh1;
    INDArray dx;
    HostView dh2V;
    HostView drV;
    HostView dattV;
    HostView dqkvV;
    HostView dh1V;
    HostView dxV;
    BoundOp dropDm;                          // dm = dOut * dropM (dOut rebound per pass), or null
    BoundOp[] mlpOutBack;                    // out_W, out_b gradients and dg; dm rebound when not dropped
    BoundOp[] mlpInBack;                     // fc_W, fc_b gradients and dh2
    BoundOp dropDa;                          // da = dr * dropA, or null
    BoundOp[] attentionOutBack;              // proj_W, proj_b gradients and datt
    BoundOp[] attentionInBack;               // qkv_W, qkv_b gradients and dh1

    /**
     * @param params  the layer's parameters by key
     * @param create  allocates a {@code (rows, width)} array
     * @param out     the output array (rows, C)
     * @param dropout whether the dropout arrays are needed
     */
    BlockPlan(long rows, long channels, Map<String, INDArray> params, Function<long[], INDArray> create, INDArray out,
            boolean dropout) {
        this.rows = rows;
        this.params = params;
        long c = channels;
        h1 = create.apply(new long[] {rows, c});
        qkv = create.apply(new long[] {rows, 3 * c});
        att = create.apply(new long[] {rows, c});
        a = create.apply(new long[] {rows, c});
        r = create.apply(new long[] {rows, c});
        h2 = create.apply(new long[] {rows, c});
        f = create.apply(new long[] {rows, 4 * c});
        th = create.apply(new long[] {rows, 4 * c});
        u = create.apply(new long[] {rows, 4 * c});
        g = create.apply(new long[] {rows, 4 * c});
        m = create.apply(new long[] {rows, c});
        this.out = out;
        dropA = dropout ? create.apply(new long[] {rows, c}) : null;
        dropM = dropout ? create.apply(new long[] {rows, c}) : null;
        h1V = HostView.of(h1);
        qkvV = HostView.of(qkv);
        attV = HostView.of(att);
        rV = HostView.of(r);
        h2V = HostView.of(h2);
        dropAV = dropout ? HostView.of(dropA) : null;
        dropMV = dropout ? HostView.of(dropM) : null;
        attentionIn = linear(h1, "qkv", qkv);
        attentionOut = dropout ? append(linear(att, "proj", a), BoundOp.pairwise("multiply", a, dropA, a)) : linear(att, "proj", a);
        residual1 = BoundOp.pairwise("add", a, a, r);          // input 0: x, bound per pass
        mlpIn = linear(h2, "fc", f);
        gelu = new Gelu(f, u, th, g);
        BoundOp[] mOut = linear(g, "out", m);
        if (dropout) {
            mOut = append(mOut, BoundOp.pairwise("multiply", m, dropM, m));
        }
        mlpOut = append(mOut, BoundOp.pairwise("add", r, m, out));
    }

    /** {@code z = x W + b} as two bound ops. */
    private BoundOp[] linear(INDArray x, String prefix, INDArray z) {
        return new BoundOp[] {
            BoundOp.matmul(x, params.get(prefix + "W"), z, false, false, 1.0, 0.0),
            BoundOp.pairwise("add", z, params.get(prefix + "b"), z),
        };
    }

    private static BoundOp[] append(BoundOp[] ops, BoundOp op) {
        BoundOp[] out = java.util.Arrays.copyOf(ops, ops.length + 1);
        out[ops.length] = op;
        return out;
    }

    /** Binds the backward ops to the layer's gradient views (once, or again when they change). */
    void bindBackward(INDArray flatGradients, Map<String, INDArray> grads, Function<long[], INDArray> create) {
        if (boundGradients == flatGradients) {
            return;
        }
        long c = h1.size(1);
        INDArray ones = create.apply(new long[] {1, rows}).assign(1.0);
        dm = create.apply(new long[] {rows, c});
        dg = create.apply(new long[] {rows, 4 * c});
        df = create.apply(new long[] {rows, 4 * c});
        s = create.apply(new long[] {rows, 4 * c});
        dh2 = create.apply(new long[] {rows, c});
        dr = create.apply(new long[] {rows, c});
        da = dropA != null ? create.apply(new long[] {rows, c}) : dr;
        datt = create.apply(new long[] {rows, c});
        dqkv = create.apply(new long[] {rows, 3 * c});
        dh1 = create.apply(new long[] {rows, c});
        dx = create.apply(new long[] {rows, c});
        dh2V = HostView.of(dh2);
        drV = HostView.of(dr);
        dattV = HostView.of(datt);
        dqkvV = HostView.of(dqkv);
        dh1V = HostView.of(dh1);
        dxV = HostView.of(dx);
        dropDm = dropM != null ? BoundOp.pairwise("multiply", dm, dropM, dm) : null;   // input 0: dOut, bound per pass
        mlpOutBack = linearBack(g, dm, "out", dg, ones, grads);
        gelu.bindBackward(dg, s, df);
        mlpInBack = linearBack(h2, df, "fc", dh2, ones, grads);
        dropDa = dropA != null ? BoundOp.pairwise("multiply", dr, dropA, da) : null;
        attentionOutBack = linearBack(att, da, "proj", datt, ones, grads);
        attentionInBack = linearBack(h1, dqkv, "qkv", dh1, ones, grads);
        boundGradients = flatGradients;
    }

    /** The backward pass of {@code z = x W + b}: dW = x^T dz, db = ones dz, dx = dz W^T. */
    private BoundOp[] linearBack(INDArray x, INDArray dz, String prefix, INDArray dxOut, INDArray ones,
            Map<String, INDArray> grads) {
        return new BoundOp[] {
            BoundOp.matmul(x, dz, grads.get(prefix + "W"), true, false, 1.0, 0.0),
            BoundOp.matmul(ones, dz, grads.get(prefix + "b"), false, false, 1.0, 0.0),
            BoundOp.matmul(dz, params.get(prefix + "W"), dxOut, false, true, 1.0, 0.0),
        };
    }

    /** Runs bound ops in order. */
    static void run(BoundOp[] ops) {
        for (BoundOp op : ops) {
            op.run();
        }
    }

    /** Detached arrays of the network's type, for training plans. */
    static Function<long[], INDArray> detached(org.nd4j.linalg.api.buffer.DataType dataType) {
        return shape -> Nd4j.create(dataType, shape, 'c');
    }
}
