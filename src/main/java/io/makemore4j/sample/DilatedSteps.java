package io.makemore4j.sample;

import io.makemore4j.model.ModelFactory;
import io.makemore4j.model.layer.DilatedConv;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The dilated model's inference one position at a time, as in "Fast WaveNet" (Paine et al., 2016):
 * the output at a new position needs, at each stage, only the new input row and the {@code (k-1)}
 * rows at distances {@code d, 2d, ..., (k-1)d} before it, which earlier positions computed already.
 *
 * <p>Items with the same characters so far have the same rows, so the state is a trie of prefixes:
 * a step computes one row per distinct prefix (a <em>node</em>), not per item. All items start at
 * the one node of the shared prefix; a step's nodes are the distinct (node, next character) pairs
 * of the items advanced, so a group of items splits when its items draw different characters (and
 * groups never merge). Each stage keeps its input rows of the last {@code (k-1)d + 1} positions, per
 * node, and each node the indices of its ancestors up to the farthest tap; a step gathers each new
 * node's taps through them into one row, and computes one matrix product per stage for all the new
 * nodes (an ND4J {@code matmul}, with batch norm folded into the weights as
 * {@code FusedLinearBatchNormLayer} does in inference, and the bias as a last weight row against a
 * column of ones), then the output layer. Everything else (gathering, activations, gate, residual
 * and skip sums, softmax) is Java arithmetic on the host: far cheaper than native ops on these few
 * rows. In FLOAT, tanh (and the sigmoid, as {@code (1 + tanh(x/2))/2}) is a rational approximation
 * accurate to float rounding (about 3e-7), not {@link Math#tanh}; in DOUBLE, the exact functions.
 *
 * <p>Positions before an item all read the item's row 0 (the boundary activation; see
 * {@code DilatedConvLayer}), which is the same for every item at every stage: it is computed once,
 * here, and every node's taps before the item read it.
 *
 * <p>Reads the weights from the graph's parameters by layer name ({@code conv{i}}, {@code gate{i}},
 * {@code res{i}}, {@code skip}, {@code embedding}, {@code out}; dropout is the identity in
 * inference) when constructed: later changes to the graph's parameters are not seen. Computes in
 * the graph's data type (FLOAT or DOUBLE).
 */
final class DilatedSteps {

    private final DataType dtype;
    private final boolean exact;          // DOUBLE: exact activations; FLOAT: float-accurate ones
    private final int vocab;
    private final Stage[] stages;
    private final boolean skip;
    private final int hidden;             // channels into the output layer
    private final INDArray outW;          // (hidden + 1, vocab): W, then the row b
    private final int nEmbd;
    private final double[] embedding;     // (vocab, nEmbd), row-major
    private final int reach;              // the farthest tap: max (k-1)*d
    private final double[][] boundary;    // boundary[s]: row 0 of stage s's input
    private final double[] boundaryProbs; // (vocab): the prediction of every item's first character

    /** The activations the stages have (see {@code FusedLinearBatchNorm}). */
    private enum Act { TANH, RELU, SIGMOID }

    /** One convolution stage with its batch norm folded into the weights. */
    private static final class Stage {
        int kernel;
        int dilation;
        int channels;                     // input channels C
        int nOut;
        int width;                        // a gathered row: kernel*C values and a one
        int ring;                         // positions of input rows kept: (kernel-1)*dilation + 1
        INDArray w;                       // (kernel*C + 1, nOut): W * a, then the row beta - mean * a
        Act activation;
        INDArray gateW;                   // gated: the gate's, else null
        Act gateActivation;
        boolean residual;
    }

    /** Reads the weights of a dilated model's graph. */
    DilatedSteps(ComputationGraph graph) {
        Map<String, GraphVertex> vertices = graph.getConfiguration().getVertices();
        this.dtype = graph.params().dataType();
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("FLOAT or DOUBLE, got " + dtype);
        }
        this.exact = dtype == DataType.DOUBLE;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            List<Stage> list = new ArrayList<>();
            int farthest = 0;
            for (int i = 1; vertices.containsKey(ModelFactory.convName(i)); i++) {
                Stage st = new Stage();
                DilatedConv conv = (DilatedConv) graph.getLayer(ModelFactory.convName(i)).conf().getLayer();
                st.kernel = conv.getKernel();
                st.dilation = conv.getDilation();
                st.channels = Math.toIntExact(conv.channels());
                st.nOut = Math.toIntExact(conv.getNOut());
                st.width = st.kernel * st.channels + 1;
                st.ring = (st.kernel - 1) * st.dilation + 1;
                st.activation = act(conv.getActivationFn());
                st.w = fold(graph, ModelFactory.convName(i), conv.getEps());
                if (vertices.containsKey(ModelFactory.gateName(i))) {
                    DilatedConv gate = (DilatedConv) graph.getLayer(ModelFactory.gateName(i)).conf().getLayer();
                    st.gateW = fold(graph, ModelFactory.gateName(i), gate.getEps());
                    st.gateActivation = act(gate.getActivationFn());
                }
                st.residual = vertices.containsKey(ModelFactory.residualName(i));
                farthest = Math.max(farthest, st.ring - 1);
                list.add(st);
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("not a dilated model's graph: it has no layer " + ModelFactory.convName(1));
            }
            this.stages = list.toArray(new Stage[0]);
            this.reach = farthest;
            this.skip = vertices.containsKey(ModelFactory.SKIP);
            INDArray w = graph.getParam(ModelFactory.OUTPUT + "_W");
            this.vocab = (int) w.size(1);
            this.hidden = (int) w.size(0);
            this.outW = Nd4j.vstack(w, graph.getParam(ModelFactory.OUTPUT + "_b").reshape(1, vocab)).castTo(dtype).dup('c');
            IActivation out = ((BaseLayer) graph.getLayer(ModelFactory.OUTPUT).conf().getLayer()).getActivationFn();
            if (!(out instanceof ActivationSoftmax)) {
                throw new IllegalArgumentException("the output layer's activation is " + out + ", not softmax");
            }
            INDArray table = graph.getParam(ModelFactory.EMBEDDING + "_W").castTo(DataType.DOUBLE).dup('c');
            this.nEmbd = (int) table.size(1);
            this.embedding = table.data().asDouble();
        }

        // row 0 of every stage: the boundary token's embedding, then each stage over k copies of its input's row 0
        boundary = new double[stages.length + 1][];
        boundary[0] = Arrays.copyOf(embedding, nEmbd);
        State one = new State(1);
        boundaryProbs = one.boundaryRows();
    }

    private static Act act(IActivation a) {
        if (a instanceof ActivationTanH) {
            return Act.TANH;
        } else if (a instanceof ActivationReLU) {
            return Act.RELU;
        } else if (a instanceof ActivationSigmoid) {
            return Act.SIGMOID;
        }
        throw new IllegalArgumentException("the dilated sampler supports tanh, relu and sigmoid stages, not " + a);
    }

    /** The size of the vocabulary: values per distribution. */
    int vocabularySize() {
        return vocab;
    }

    /**
     * W * a with the row {@code beta - mean * a} below it, {@code a = gamma / sqrt(var + eps)}: the
     * layer's inference as one matrix product of its input with a column of ones appended (a separate
     * bias add, as in {@code xw_plus_b}, costs more than the product at these sizes).
     */
    private INDArray fold(ComputationGraph graph, String layer, double eps) {
        double[][] w = graph.getParam(layer + "_" + DilatedConv.WEIGHT).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] gamma = vector(graph, layer, DilatedConv.GAMMA);
        double[] beta = vector(graph, layer, DilatedConv.BETA);
        double[] mean = vector(graph, layer, DilatedConv.MEAN);
        double[] var = vector(graph, layer, DilatedConv.VAR);
        int nOut = gamma.length;
        double[] a = new double[nOut];
        double[] b = new double[nOut];
        for (int j = 0; j < nOut; j++) {
            a[j] = gamma[j] / Math.sqrt(var[j] + eps);
            b[j] = beta[j] - mean[j] * a[j];
        }
        for (double[] r : w) {
            for (int j = 0; j < nOut; j++) {
                r[j] *= a[j];
            }
        }
        double[][] folded = Arrays.copyOf(w, w.length + 1);
        folded[w.length] = b;
        return Nd4j.create(folded).castTo(dtype).dup('c');
    }

    private static double[] vector(ComputationGraph graph, String layer, String param) {
        return graph.getParam(layer + "_" + param).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static void matmul(INDArray x, INDArray w, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(x, w).addOutputs(out).build());
    }

    /** Applies an activation to {@code a[from, to)} in place. */
    private void activate(Act act, double[] a, int from, int to) {
        switch (act) {
            case TANH:
                if (exact) {
                    for (int i = from; i < to; i++) {
                        a[i] = Math.tanh(a[i]);
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        a[i] = tanh(a[i]);
                    }
                }
                break;
            case SIGMOID:
                if (exact) {
                    for (int i = from; i < to; i++) {
                        a[i] = 1 / (1 + Math.exp(-a[i]));
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        a[i] = 0.5 + 0.5 * tanh(0.5 * a[i]);
                    }
                }
                break;
            case RELU:
                for (int i = from; i < to; i++) {
                    a[i] = Math.max(0, a[i]);
                }
                break;
            default:
                throw new AssertionError(act);
        }
    }

    /**
     * tanh to float accuracy (absolute error below 3e-7): Eigen's rational approximation (a degree
     * 13 odd polynomial over a degree 6 even one, on x clamped to where float tanh rounds to 1). No
     * branches, so the JIT vectorises loops of it; several times faster than {@link Math#tanh}.
     */
    static double tanh(double x) {
        double c = Math.max(-7.90531110763549805, Math.min(7.90531110763549805, x));
        double x2 = c * c;
        double p = -2.76076847742355e-16;
        p = p * x2 + 2.00018790482477e-13;
        p = p * x2 - 8.60467152213735e-11;
        p = p * x2 + 5.12229709037114e-08;
        p = p * x2 + 1.48572235717979e-05;
        p = p * x2 + 6.37261928875436e-04;
        p = p * x2 + 4.89352455891786e-03;
        double q = 1.19825839466702e-06;
        q = q * x2 + 1.18534705686654e-04;
        q = q * x2 + 2.26843463243900e-03;
        q = q * x2 + 4.89352518554385e-03;
        return c * p / q;
    }

    /** The state of a batch of up to {@code capacity} items sampled together. */
    State state(int capacity) {
        return new State(capacity);
    }

    /**
     * A batch of items advanced one position at a time, all at the same position: {@link #start}
     * them (all share the prefix), then {@link #advance} the unfinished ones with their next
     * characters, reading each step's distributions with {@link #probabilities}. Rows with the same
     * characters so far share one computed row (a node of the prefix trie).
     */
    final class State {

        private final int capacity;        // items, and so nodes per position
        private final int span;            // ancestors kept per node, the node itself first: reach + 1
        private final double[][] store;    // per stage, its input rows: position p's node i at row (p mod ring) * capacity + i
        private final double[] gathered;   // (capacity, width) of the current stage, the last column ones
        private final Host[] gatheredHost; // per stage, (capacity, width): the matmul's input
        private final Host[] raw;          // per stage, (capacity, nOut): the matmul's output
        private final Host[] gateRaw;      // per gated stage, (capacity, nOut)
        private final double[] gate;       // (capacity, nOut) of the current stage
        private final double[] top;        // (capacity, nOut) of the last stage
        private final double[] h;          // (capacity, hidden + 1): the output layer's input, the last column ones
        private final Host hHost;
        private final Host logits;         // (capacity, vocab)
        private final double[] probs;      // (capacity, vocab): each current node's distribution
        private final float[] probsF;      // the same as floats
        private int[] path;                // (capacity, span): the current nodes' ancestors, by distance; -1 before the item
        private int[] parentPath;          // the same, one position back
        private final int[] parent;        // the new nodes' parents
        private final int[] token;         // and characters
        private final int[] child;         // (capacity * vocab): parent * vocab + character -> new node, or -1
        private final int[] nodeOf;        // item -> its node
        private final int[] positionOf;    // item -> its node's position
        private final int[] rowNode;       // row of the current distributions -> node
        private int started;               // items started
        private int position;              // of the current nodes
        private int nodes;                 // current nodes
        private int rows;                  // rows of the current distributions

        private State(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity " + capacity);
            }
            this.capacity = capacity;
            this.span = reach + 1;
            int n = stages.length;
            store = new double[n][];
            gatheredHost = new Host[n];
            raw = new Host[n];
            gateRaw = new Host[n];
            int width = 0;
            int nOut = 0;
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                for (int s = 0; s < n; s++) {
                    Stage st = stages[s];
                    store[s] = new double[st.ring * capacity * st.channels];
                    gatheredHost[s] = new Host(Nd4j.create(dtype, capacity, st.width));
                    raw[s] = new Host(Nd4j.create(dtype, capacity, st.nOut));
                    gateRaw[s] = st.gateW == null ? null : new Host(Nd4j.create(dtype, capacity, st.nOut));
                    width = Math.max(width, st.width);
                    nOut = Math.max(nOut, st.nOut);
                }
                hHost = new Host(Nd4j.create(dtype, capacity, hidden + 1));
                logits = new Host(Nd4j.create(dtype, capacity, vocab));
            }
            gathered = new double[capacity * width];
            gate = new double[capacity * nOut];
            top = new double[capacity * stages[n - 1].nOut];
            h = new double[capacity * (hidden + 1)];
            for (int b = 0; b < capacity; b++) {
                h[b * (hidden + 1) + hidden] = 1;
            }
            probs = new double[capacity * vocab];
            probsF = new float[capacity * vocab];
            path = new int[capacity * span];
            parentPath = new int[capacity * span];
            parent = new int[capacity];
            token = new int[capacity];
            child = new int[capacity * vocab];
            nodeOf = new int[capacity];
            positionOf = new int[capacity];
            rowNode = new int[capacity];
        }

        /** The capacity: items at most. */
        int capacity() {
            return capacity;
        }

        /**
         * Computes {@link #boundary}: each stage on its input's row 0 at every tap (capacity 1);
         * returns the output layer's distribution there.
         */
        private double[] boundaryRows() {
            for (int s = 0; s < stages.length; s++) {
                Stage st = stages[s];
                for (int t = 0; t < st.kernel; t++) {
                    System.arraycopy(boundary[s], 0, gathered, t * st.channels, st.channels);
                }
                gathered[st.width - 1] = 1;
                double[] out = new double[st.nOut];
                stage(s, 1, boundary[s], 0, out, 0);
                boundary[s + 1] = out;
                if (skip) {
                    for (int j = 0; j < hidden; j++) {
                        h[j] = s == 0 ? out[j] : h[j] + out[j];
                    }
                }
            }
            if (!skip) {
                System.arraycopy(boundary[stages.length], 0, h, 0, hidden);
            }
            output(1);
            return Arrays.copyOf(probs, vocab);
        }

        /**
         * Starts {@code n} items with {@code prefix} (encoded, no boundary tokens): then
         * {@link #probabilities} has {@code n} rows, all the distribution of the character after the
         * prefix (one node).
         */
        void start(int n, int[] prefix) {
            if (n < 1 || n > capacity) {
                throw new IllegalArgumentException("start: " + n + " items, capacity " + capacity);
            }
            Arrays.fill(child, -1);
            Arrays.fill(path, 0, span, -1);       // position 0: the boundary, at every distance
            position = 0;
            nodes = 1;
            System.arraycopy(boundaryProbs, 0, probs, 0, vocab);
            floats(1);
            for (int ix : prefix) {               // the shared prefix: one node per position
                parent[0] = 0;
                token[0] = ix;
                step(1);
            }
            started = n;
            Arrays.fill(nodeOf, 0, n, 0);
            Arrays.fill(positionOf, 0, n, position);
            Arrays.fill(rowNode, 0, n, 0);
            rows = n;
        }

        /**
         * Moves the items {@code items[0..m)} (indices below the started count, in any order, each
         * once) one position on, with their next characters {@code tokens[0..m)}: then row {@code b}
         * of {@link #probabilities} is the distribution of item {@code items[b]}'s following
         * character. Items left out are finished: they must not be advanced again. After an
         * exception, the state must be started again.
         */
        void advance(int[] items, int[] tokens, int m) {
            if (m < 1 || m > started) {
                throw new IllegalArgumentException("advance: " + m + " items, " + started + " started");
            }
            int k = 0;
            for (int b = 0; b < m; b++) {
                int i = items[b];
                if (i < 0 || i >= started || positionOf[i] != position) {
                    throw new IllegalArgumentException("advance: item " + i + " is not an unfinished item at position " + position
                            + " (of " + started + " started), or is twice in the list");
                }
                int tok = tokens[b];
                if (tok < 0 || tok >= vocab) {
                    throw new IllegalArgumentException("advance: character " + tok + " of " + vocab);
                }
                int key = nodeOf[i] * vocab + tok;
                int c = child[key];
                if (c < 0) {                      // a new prefix
                    c = k++;
                    child[key] = c;
                    parent[c] = nodeOf[i];
                    token[c] = tok;
                }
                nodeOf[i] = c;
                positionOf[i] = position + 1;
                rowNode[b] = c;
            }
            for (int c = 0; c < k; c++) {
                child[parent[c] * vocab + token[c]] = -1;
            }
            step(k);
            rows = m;
        }

        /** The nodes of the current position: the rows the last step computed. */
        int nodes() {
            return nodes;
        }

        /** A copy of the current distributions, {@code (rows, vocab)}, in the graph's data type. */
        INDArray probabilities() {
            double[][] out = new double[rows][];
            for (int b = 0; b < rows; b++) {
                out[b] = Arrays.copyOfRange(probs, rowNode[b] * vocab, (rowNode[b] + 1) * vocab);
            }
            return Nd4j.createFromArray(out).castTo(dtype);
        }

        /** Copies the current distribution of row {@code row} into {@code dst[0, vocab)}, as floats. */
        void probabilities(int row, float[] dst) {
            if (row >= rows) {
                throw new IndexOutOfBoundsException("row " + row + " of " + rows);
            }
            System.arraycopy(probsF, rowNode[row] * vocab, dst, 0, vocab);
        }

        /** Computes the {@code k} new nodes of the next position from {@code parent} and {@code token}. */
        private void step(int k) {
            int q = ++position;
            int[] t = parentPath;
            parentPath = path;
            path = t;
            for (int c = 0; c < k; c++) {
                path[c * span] = c;
                System.arraycopy(parentPath, parent[c] * span, path, c * span + 1, span - 1);
            }
            int at = (q % stages[0].ring) * capacity * nEmbd;
            for (int c = 0; c < k; c++) {          // stage 0's input: the characters' embeddings
                System.arraycopy(embedding, token[c] * nEmbd, store[0], at + c * nEmbd, nEmbd);
            }
            for (int s = 0; s < stages.length; s++) {
                Stage st = stages[s];
                gather(s, q, k);
                double[] dst = top;
                int off = 0;
                if (s + 1 < stages.length) {       // the next stage's input rows at q
                    dst = store[s + 1];
                    off = (q % stages[s + 1].ring) * capacity * st.nOut;
                }
                stage(s, k, store[s], (q % st.ring) * capacity * st.channels, dst, off);
                if (skip) {
                    for (int c = 0; c < k; c++) {
                        int hb = c * (hidden + 1);
                        int ob = off + c * st.nOut;       // nOut == hidden
                        if (s == 0) {
                            System.arraycopy(dst, ob, h, hb, hidden);
                        } else {
                            for (int j = 0; j < hidden; j++) {
                                h[hb + j] += dst[ob + j];
                            }
                        }
                    }
                }
            }
            if (!skip) {
                for (int c = 0; c < k; c++) {
                    System.arraycopy(top, c * hidden, h, c * (hidden + 1), hidden);
                }
            }
            output(k);
            nodes = k;
        }

        /** Gathers stage {@code s}'s taps for the {@code k} new nodes at position {@code q}, oldest first. */
        private void gather(int s, int q, int k) {
            Stage st = stages[s];
            int c = st.channels;
            double[] src = store[s];
            double[] zero = boundary[s];
            for (int b = 0; b < k; b++) {
                int g = b * st.width;
                for (int t = 0; t < st.kernel; t++) {
                    int j = (st.kernel - 1 - t) * st.dilation;
                    int a = path[b * span + j];
                    if (a < 0) {                    // before the item
                        System.arraycopy(zero, 0, gathered, g + t * c, c);
                    } else {
                        System.arraycopy(src, (((q - j) % st.ring) * capacity + a) * c, gathered, g + t * c, c);
                    }
                }
                gathered[g + st.width - 1] = 1;
            }
        }

        /**
         * Stage {@code s} on the first {@code k} rows of {@link #gathered}, whose newest blocks are
         * {@code in[inOff..)}: writes {@code act(g W) [* sigmoid(g W')] [+ in]}, {@code (k, nOut)},
         * to {@code dst[off..)}.
         */
        private void stage(int s, int k, double[] in, int inOff, double[] dst, int off) {
            Stage st = stages[s];
            int len = k * st.nOut;
            gatheredHost[s].write(gathered, 0, k * st.width);
            INDArray g = rows(gatheredHost[s].array, k);
            matmul(g, st.w, rows(raw[s].array, k));
            raw[s].read(dst, off, len);
            activate(st.activation, dst, off, off + len);
            if (st.gateW != null) {
                matmul(g, st.gateW, rows(gateRaw[s].array, k));
                gateRaw[s].read(gate, 0, len);
                activate(st.gateActivation, gate, 0, len);
                for (int i = 0; i < len; i++) {
                    dst[off + i] *= gate[i];
                }
            }
            if (st.residual) {                     // channels == nOut
                for (int i = 0; i < len; i++) {
                    dst[off + i] += in[inOff + i];
                }
            }
        }

        /** The output layer on the first {@code k} rows of {@link #h}: {@code probs = softmax(h W + b)}. */
        private void output(int k) {
            hHost.write(h, 0, k * (hidden + 1));
            matmul(rows(hHost.array, k), outW, rows(logits.array, k));
            logits.read(probs, 0, k * vocab);
            for (int b = 0; b < k; b++) {
                int from = b * vocab;
                int to = from + vocab;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = from; j < to; j++) {
                    max = Math.max(max, probs[j]);
                }
                double sum = 0;
                for (int j = from; j < to; j++) {
                    double e = Math.exp(probs[j] - max);
                    probs[j] = e;
                    sum += e;
                }
                for (int j = from; j < to; j++) {
                    probs[j] /= sum;
                }
            }
            floats(k);
        }

        private void floats(int k) {
            for (int j = 0; j < k * vocab; j++) {
                probsF[j] = (float) probs[j];
            }
        }
    }

    /** The first {@code m} rows of a c-order matrix. */
    private static INDArray rows(INDArray a, int m) {
        return a.size(0) == m ? a : a.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
    }

    /** A detached, contiguous c-order array, FLOAT or DOUBLE, read and written as doubles from Java. */
    private static final class Host {

        final INDArray array;
        private final FloatBuffer floats;
        private final DoubleBuffer doubles;
        private final float[] scratch;

        Host(INDArray array) {
            if (array.isView() || array.ordering() != 'c') {
                throw new IllegalArgumentException("Host needs a c-order array that is not a view");
            }
            this.array = array;
            if (array.dataType() == DataType.FLOAT) {
                floats = array.data().asNioFloat();
                doubles = null;
                scratch = new float[Math.toIntExact(array.length())];
            } else if (array.dataType() == DataType.DOUBLE) {
                floats = null;
                doubles = array.data().asNioDouble();
                scratch = null;
            } else {
                throw new IllegalArgumentException("FLOAT or DOUBLE, got " + array.dataType());
            }
        }

        /** Copies the first {@code length} values into {@code dst[off..)}. */
        void read(double[] dst, int off, int length) {
            if (floats != null) {
                floats.get(0, scratch, 0, length);
                for (int i = 0; i < length; i++) {
                    dst[off + i] = scratch[i];
                }
            } else {
                doubles.get(0, dst, off, length);
            }
        }

        /** Sets the first {@code length} values to {@code src[off..)}. */
        void write(double[] src, int off, int length) {
            if (floats != null) {
                for (int i = 0; i < length; i++) {
                    scratch[i] = (float) src[off + i];
                }
                floats.put(0, scratch, 0, length);
            } else {
                doubles.put(0, src, off, length);
            }
        }
    }
}
