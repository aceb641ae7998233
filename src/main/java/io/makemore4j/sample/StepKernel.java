package io.makemore4j.sample;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The arithmetic of one step of {@link DilatedSteps}: the rows of a position's new nodes at every
 * stage and their distributions, from the rows that earlier positions computed. Each stage keeps
 * its input rows of the last {@code ring} positions, by node; a step computes, per stage, one ND4J
 * {@code matmul} of the new nodes' input rows with the newest tap's block, and one per older tap
 * over the <em>distinct</em> ancestors at its distance (the new nodes of a step share far fewer
 * ancestors, the more so the larger the dilation); an ancestor before the item is the boundary
 * row, whose product is a constant. The first stage reads embeddings, so its products are tables
 * by character: no matmul. The output layer is one more matmul. Everything else (gathering rows,
 * sums, activations, gate, residual and skip sums, softmax) is Java arithmetic on the host.
 */
final class StepKernel {

    private final DilatedSteps model;
    private final FoldedStage[] stages;
    private final int capacity;        // nodes per position
    private final int span;            // ancestors kept per node, the node itself first
    private final int vocab;
    private final int hidden;
    private final double[][] store;    // per stage after the first, its input rows: position p's node i at row (p mod ring) * capacity + i
    private final int[] characters;    // the first stage's input: position p's node i's character at (p mod span) * capacity + i
    private final HostMatrix[] in;     // per stage after the first, (capacity, C): a matmul's input rows
    private final HostMatrix[] out;    // per stage after the first, (capacity, cols): its output
    private final double[] acc;        // (capacity, cols): a gated stage's pre-activations
    private final double[] products;   // (capacity, cols): an older tap's products, one row per distinct ancestor
    private final double[] top;        // (capacity, nOut): the last stage's output
    private final double[] h;          // (capacity, hidden): the sum of the stages' outputs (skip)
    private final HostMatrix hHost;    // (capacity, hidden): the output layer's input
    private final HostMatrix logits;   // (capacity, vocab)
    private final double[] probs;      // (capacity, vocab): each current node's distribution
    private final float[] probsF;      // the same as floats
    private final int[] slot;          // node -> its row among a tap's distinct ancestors, or -1
    private final int[] ancestors;     // a tap's distinct ancestors
    private final int[] ancestorRow;   // new node -> its ancestor's row, or -1 before the item

    StepKernel(DilatedSteps model, int capacity) {
        this.model = model;
        this.stages = model.stages;
        this.capacity = capacity;
        this.span = model.reach + 1;
        this.vocab = model.vocab;
        this.hidden = model.hidden;
        int n = stages.length;
        store = new double[n][];
        in = new HostMatrix[n];
        out = new HostMatrix[n];
        int cols = 0;
        for (int s = 0; s < n; s++) {
            FoldedStage st = stages[s];
            cols = Math.max(cols, st.cols);
            if (s > 0) {
                store[s] = new double[st.ring * capacity * st.channels];
                in[s] = new HostMatrix(model.dtype, capacity, st.channels);
                out[s] = new HostMatrix(model.dtype, capacity, st.cols);
            }
        }
        hHost = new HostMatrix(model.dtype, capacity, hidden);
        logits = new HostMatrix(model.dtype, capacity, vocab);
        characters = new int[span * capacity];
        acc = new double[capacity * cols];
        products = new double[capacity * cols];
        top = new double[capacity * stages[n - 1].nOut];
        h = new double[capacity * hidden];
        probs = new double[capacity * vocab];
        probsF = new float[capacity * vocab];
        slot = new int[capacity];
        ancestors = new int[capacity];
        ancestorRow = new int[capacity];
    }

    /** Back to position 0: one node, whose distribution is the boundary's. */
    void reset() {
        Arrays.fill(slot, -1);
        System.arraycopy(model.boundaryProbs, 0, probs, 0, vocab);
        floats(1);
    }

    /**
     * Computes the {@code k} new nodes of position {@code q}: their rows at every stage, then their
     * distributions.
     *
     * @param tokens the new nodes' characters
     * @param paths  their ancestors by distance ({@link PrefixTrie#paths()})
     */
    void step(int q, int k, int[] tokens, int[] paths) {
        System.arraycopy(tokens, 0, characters, (q % span) * capacity, k);
        for (int s = 0; s < stages.length; s++) {
            FoldedStage st = stages[s];
            double[] dst = top;
            int off = 0;
            if (s + 1 < stages.length) {       // the next stage's input rows at q
                dst = store[s + 1];
                off = (q % stages[s + 1].ring) * capacity * st.nOut;
            }
            boolean gated = st.gateActivation != null;
            double[] a = gated ? acc : dst;
            int aOff = gated ? 0 : off;
            if (s == 0) {
                firstStage(q, k, paths, a, aOff);
            } else {
                stage(s, q, k, paths, a, aOff);
            }
            st.finish(k, a, aOff, dst, off);
            connect(s, q, k, tokens, dst, off);
        }
        output(k);
    }

    /** Copies the distribution of node {@code node} into {@code dst[0, vocab)}. */
    void distribution(int node, double[] dst) {
        System.arraycopy(probs, node * vocab, dst, 0, vocab);
    }

    /** Copies the distribution of node {@code node} into {@code dst[0, vocab)}, as floats. */
    void distribution(int node, float[] dst) {
        System.arraycopy(probsF, node * vocab, dst, 0, vocab);
    }

    /** Stage {@code s}'s residual (its input added to its output) and skip sum, on the output rows {@code dst[off..)}. */
    private void connect(int s, int q, int k, int[] tokens, double[] dst, int off) {
        FoldedStage st = stages[s];
        if (st.residual) {                 // channels == nOut
            if (s == 0) {                  // the characters' embeddings
                for (int b = 0; b < k; b++) {
                    for (int j = 0; j < st.nOut; j++) {
                        dst[off + b * st.nOut + j] += model.embedding[tokens[b]][j];
                    }
                }
            } else {
                double[] x = store[s];
                int from = (q % st.ring) * capacity * st.channels;
                for (int i = 0; i < k * st.nOut; i++) {
                    dst[off + i] += x[from + i];
                }
            }
        }
        if (model.skip) {                  // nOut == hidden
            if (s == 0) {
                System.arraycopy(dst, off, h, 0, k * hidden);
            } else {
                for (int i = 0; i < k * hidden; i++) {
                    h[i] += dst[off + i];
                }
            }
        }
    }

    /**
     * The first stage's pre-activations of the {@code k} new nodes at position {@code q}, into
     * {@code a[off..)}: sums of the tables' rows of the characters at the taps.
     */
    private void firstStage(int q, int k, int[] paths, double[] a, int off) {
        FoldedStage st = stages[0];
        int cols = st.cols;
        for (int b = 0; b < k; b++) {
            int row = off + b * cols;
            System.arraycopy(st.bias, 0, a, row, cols);
            for (int t = 0; t < st.kernel; t++) {
                int j = (st.kernel - 1 - t) * st.dilation;
                int anc = paths[b * span + j];
                double[] table = st.table[t];
                int from = (anc < 0 ? 0 : characters[((q - j) % span) * capacity + anc]) * cols;
                for (int c = 0; c < cols; c++) {
                    a[row + c] += table[from + c];
                }
            }
        }
    }

    /**
     * Stage {@code s}'s pre-activations of the {@code k} new nodes at position {@code q}, into
     * {@code a[off..)}: the newest tap's product for all of them, each older tap's for their
     * distinct ancestors at its distance (the boundary row's is a constant), summed with the bias.
     */
    private void stage(int s, int q, int k, int[] paths, double[] a, int off) {
        FoldedStage st = stages[s];
        int cols = st.cols;
        in[s].write(store[s], (q % st.ring) * capacity * st.channels, 0, k * st.channels);
        product(s, st.kernel - 1, k, a, off);
        double[] bias = st.bias;
        if (st.kernel == 1) {
            for (int b = 0; b < k; b++) {
                int row = off + b * cols;
                for (int i = 0; i < cols; i++) {
                    a[row + i] += bias[i];
                }
            }
        }
        for (int t = 0; t < st.kernel - 1; t++) {
            int u = gatherAncestors(s, t, q, k, paths);
            if (u > 0) {
                product(s, t, u, products, 0);
            }
            double[] before = st.before[t];
            for (int b = 0; b < k; b++) {
                int row = off + b * cols;
                double[] src = ancestorRow[b] < 0 ? before : products;
                int from = ancestorRow[b] < 0 ? 0 : ancestorRow[b] * cols;
                if (t == 0) {                  // with the bias
                    for (int i = 0; i < cols; i++) {
                        a[row + i] += src[from + i] + bias[i];
                    }
                } else {
                    for (int i = 0; i < cols; i++) {
                        a[row + i] += src[from + i];
                    }
                }
            }
        }
    }

    /**
     * Writes the input rows of the distinct ancestors of the {@code k} new nodes at tap {@code t}'s
     * distance into {@code in[s]}, and each node's row among them (or -1, before the item) into
     * {@link #ancestorRow}; returns how many.
     */
    private int gatherAncestors(int s, int t, int q, int k, int[] paths) {
        FoldedStage st = stages[s];
        int c = st.channels;
        double[] x = store[s];
        int j = (st.kernel - 1 - t) * st.dilation;
        int base = ((q - j) % st.ring) * capacity;
        int u = 0;
        for (int b = 0; b < k; b++) {
            int anc = paths[b * span + j];
            if (anc < 0) {
                ancestorRow[b] = -1;
            } else {
                if (slot[anc] < 0) {
                    slot[anc] = u;
                    ancestors[u] = anc;
                    in[s].write(x, (base + anc) * c, u * c, c);
                    u++;
                }
                ancestorRow[b] = slot[anc];
            }
        }
        for (int i = 0; i < u; i++) {
            slot[ancestors[i]] = -1;
        }
        return u;
    }

    /** The first {@code m} rows of {@code in[s]} times tap {@code t}'s block, into {@code dst[off..)}. */
    private void product(int s, int t, int m, double[] dst, int off) {
        matmul(in[s].rows(m), stages[s].taps[t], out[s].rows(m));
        out[s].read(dst, off, m * stages[s].cols);
    }

    /** The output layer on the first {@code k} rows: {@code probs = softmax(h W + b)}. */
    private void output(int k) {
        hHost.write(model.skip ? h : top, 0, 0, k * hidden);
        matmul(hHost.rows(k), model.outW, logits.rows(k));
        logits.read(probs, 0, k * vocab);
        for (int b = 0; b < k; b++) {
            int from = b * vocab;
            for (int j = 0; j < vocab; j++) {
                probs[from + j] += model.outB[j];
            }
            softmax(probs, from, from + vocab);
        }
        floats(k);
    }

    private void floats(int k) {
        for (int j = 0; j < k * vocab; j++) {
            probsF[j] = (float) probs[j];
        }
    }

    private static void matmul(INDArray x, INDArray w, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(x, w).addOutputs(out).build());
    }

    /** Softmax of {@code a[from, to)} in place. */
    static void softmax(double[] a, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = from; j < to; j++) {
            max = Math.max(max, a[j]);
        }
        double sum = 0;
        for (int j = from; j < to; j++) {
            double e = Math.exp(a[j] - max);
            a[j] = e;
            sum += e;
        }
        for (int j = from; j < to; j++) {
            a[j] /= sum;
        }
    }
}
