package io.makemore4j.sample;

import io.makemore4j.model.DilatedModel;
import io.makemore4j.model.Graphs;
import io.makemore4j.model.layer.DilatedConv;
import io.makemore4j.model.layer.FastTanh;
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
 * node, and each node the indices of its ancestors up to the farthest tap.
 *
 * <p>A stage's pre-activation is the sum over its taps of the tap's input row times the tap's block
 * of the weights (batch norm folded in, as {@code FusedLinearBatchNormLayer} does in inference),
 * plus the bias. A step computes, per stage, one ND4J {@code matmul} of the new nodes' input rows
 * with the newest tap's block, and one per older tap over the <em>distinct</em> ancestors at its
 * distance (the new nodes of a step share far fewer ancestors, the more so the larger the
 * dilation); an ancestor before the item is the boundary row, whose product is a constant. The
 * first stage reads embeddings, so its products are tables by character: no matmul. The output
 * layer is one more matmul. Everything else (gathering rows, sums, activations, gate, residual and
 * skip sums, softmax) is Java arithmetic on the host: far cheaper than native ops on these few
 * rows. In FLOAT, tanh (and the sigmoid, as {@code (1 + tanh(x/2))/2}) is a rational approximation
 * accurate to float rounding (about 3e-7), not {@link Math#tanh}; in DOUBLE, the exact functions.
 *
 * <p>Positions before an item all read the item's row 0 (the boundary activation; see
 * {@code DilatedConvLayer}), which is the same for every item at every stage: it is computed once,
 * here (in double).
 *
 * <p>Reads the weights from the graph's parameters by layer name ({@code conv{i}}, {@code gate{i}},
 * {@code res{i}}, {@code skip}, {@code embedding}, {@code out}; dropout is the identity in
 * inference) when constructed: later changes to the graph's parameters are not seen. Computes the
 * matrix products in the graph's data type (FLOAT or DOUBLE), the rest in double.
 */
final class DilatedSteps implements StepModel {

    private final DataType dtype;
    private final boolean exact;          // DOUBLE: exact activations; FLOAT: float-accurate ones
    private final int vocab;
    private final Stage[] stages;
    private final boolean skip;
    private final int hidden;             // channels into the output layer
    private final INDArray outW;          // (hidden, vocab)
    private final double[] outB;          // (vocab)
    private final double[][] embedding;   // (vocab, nEmbd)
    private final int reach;              // the farthest tap: max (k-1)*d
    private final double[][] boundary;    // boundary[s]: row 0 of stage s's input
    private final double[] boundaryProbs; // (vocab): the prediction of every item's first character

    /** The activations the stages have (see {@code FusedLinearBatchNorm}). */
    private enum Act { TANH, RELU, SIGMOID }

    /**
     * One convolution stage with its batch norm folded into the weights, split by tap: the product
     * of a gathered row with the whole weight matrix is the sum of each tap's row times its block.
     * A gated stage's gate is computed alongside, as more columns.
     */
    private static final class Stage {
        int kernel;
        int dilation;
        int channels;                     // input channels C
        int nOut;
        int cols;                         // nOut, or 2 nOut when gated: the conv's columns, then the gate's
        int ring;                         // positions of input rows kept: (kernel-1)*dilation + 1
        INDArray[] taps;                  // per tap, oldest first: (C, cols), W * a (stages after the first)
        double[] bias;                    // (cols): beta - mean * a
        double[][] table;                 // the first stage, per tap: (vocab, cols), each character's embedding times the tap's block
        double[][] before;                // per tap: (cols), the boundary row times the tap's block
        Act activation;
        Act gateActivation;               // gated, else null
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
        this.embedding = graph.getParam(Graphs.EMBEDDING + "_W").castTo(DataType.DOUBLE).toDoubleMatrix();
        List<Stage> list = new ArrayList<>();
        List<double[][]> weights = new ArrayList<>();   // per stage (kernel * C, cols)
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            int farthest = 0;
            for (int i = 1; vertices.containsKey(DilatedModel.convName(i)); i++) {
                Stage st = new Stage();
                DilatedConv conv = (DilatedConv) graph.getLayer(DilatedModel.convName(i)).conf().getLayer();
                st.kernel = conv.getKernel();
                st.dilation = conv.getDilation();
                st.channels = Math.toIntExact(conv.channels());
                st.nOut = Math.toIntExact(conv.getNOut());
                st.ring = (st.kernel - 1) * st.dilation + 1;
                st.activation = act(conv.getActivationFn());
                double[][] w = fold(graph, DilatedModel.convName(i), conv.getEps());
                if (vertices.containsKey(DilatedModel.gateName(i))) {
                    DilatedConv gate = (DilatedConv) graph.getLayer(DilatedModel.gateName(i)).conf().getLayer();
                    st.gateActivation = act(gate.getActivationFn());
                    double[][] g = fold(graph, DilatedModel.gateName(i), gate.getEps());
                    for (int r = 0; r < w.length; r++) {
                        w[r] = concat(w[r], g[r]);
                    }
                }
                st.cols = w[0].length;
                st.bias = w[w.length - 1];
                w = Arrays.copyOf(w, w.length - 1);
                if (i > 1) {
                    st.taps = new INDArray[st.kernel];
                    for (int t = 0; t < st.kernel; t++) {
                        st.taps[t] = Nd4j.create(Arrays.copyOfRange(w, t * st.channels, (t + 1) * st.channels)).castTo(dtype).dup('c');
                    }
                }
                st.residual = vertices.containsKey(DilatedModel.residualName(i));
                farthest = Math.max(farthest, st.ring - 1);
                list.add(st);
                weights.add(w);
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("not a dilated model's graph: it has no layer " + DilatedModel.convName(1));
            }
            this.stages = list.toArray(new Stage[0]);
            this.reach = farthest;
            this.skip = vertices.containsKey(DilatedModel.SKIP);
            INDArray w = graph.getParam(Graphs.OUTPUT + "_W");
            this.vocab = (int) w.size(1);
            this.hidden = (int) w.size(0);
            this.outW = w.castTo(dtype).dup('c');
            this.outB = graph.getParam(Graphs.OUTPUT + "_b").castTo(DataType.DOUBLE).dup('c').data().asDouble();
            IActivation out = ((BaseLayer) graph.getLayer(Graphs.OUTPUT).conf().getLayer()).getActivationFn();
            if (!(out instanceof ActivationSoftmax)) {
                throw new IllegalArgumentException("the output layer's activation is " + out + ", not softmax");
            }
        }

        // the first stage's products with every character's embedding; row 0 of every stage: the
        // boundary token's embedding (character 0), then each stage over k copies of its input's row 0
        Stage first = stages[0];
        first.table = new double[first.kernel][vocab * first.cols];
        for (int t = 0; t < first.kernel; t++) {
            for (int v = 0; v < vocab; v++) {
                product(embedding[v], weights.get(0), t * first.channels, first.table[t], v * first.cols);
            }
        }
        boundary = new double[stages.length + 1][];
        boundary[0] = embedding[0].clone();
        double[] h = new double[hidden];
        for (int s = 0; s < stages.length; s++) {
            Stage st = stages[s];
            st.before = new double[st.kernel][st.cols];
            double[] acc = st.bias.clone();
            for (int t = 0; t < st.kernel; t++) {
                product(boundary[s], weights.get(s), t * st.channels, st.before[t], 0);
                for (int j = 0; j < st.cols; j++) {
                    acc[j] += st.before[t][j];
                }
            }
            double[] row = new double[st.nOut];
            finish(st, 1, acc, 0, row, 0);
            if (st.residual) {
                for (int j = 0; j < st.nOut; j++) {
                    row[j] += boundary[s][j];
                }
            }
            boundary[s + 1] = row;
            if (skip || s == stages.length - 1) {   // nOut == hidden
                for (int j = 0; j < hidden; j++) {
                    h[j] = skip ? h[j] + row[j] : row[j];
                }
            }
        }
        double[][] ow = outW.castTo(DataType.DOUBLE).toDoubleMatrix();
        boundaryProbs = outB.clone();
        for (int i = 0; i < hidden; i++) {
            for (int v = 0; v < vocab; v++) {
                boundaryProbs[v] += h[i] * ow[i][v];
            }
        }
        softmax(boundaryProbs, 0, vocab);
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

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** {@code dst[off..off+cols) = x * w[from..from+x.length)}: a row times a block of rows. */
    private static void product(double[] x, double[][] w, int from, double[] dst, int off) {
        int cols = w[from].length;
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            for (int c = 0; c < x.length; c++) {
                sum += x[c] * w[from + c][j];
            }
            dst[off + j] = sum;
        }
    }

    /** The size of the vocabulary: values per distribution. */
    @Override
    public int vocabularySize() {
        return vocab;
    }

    /**
     * W * a with the row {@code beta - mean * a} below it, {@code a = gamma / sqrt(var + eps)}: the
     * layer's inference (batch norm from the running statistics) as a matrix product and a bias.
     */
    private static double[][] fold(ComputationGraph graph, String layer, double eps) {
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
        return folded;
    }

    private static double[] vector(ComputationGraph graph, String layer, String param) {
        return graph.getParam(layer + "_" + param).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static void matmul(INDArray x, INDArray w, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(x, w).addOutputs(out).build());
    }

    /**
     * A stage's outputs from its pre-activations {@code acc} ({@code k} rows of {@code cols}):
     * {@code act(conv) [* sigmoid(gate)]}, {@code (k, nOut)}, to {@code dst[off..)} (which may be
     * {@code acc} itself when the stage is not gated). The residual is the caller's.
     */
    private void finish(Stage st, int k, double[] acc, int accOff, double[] dst, int off) {
        int n = st.nOut;
        if (st.gateActivation == null) {
            if (acc != dst || accOff != off) {
                System.arraycopy(acc, accOff, dst, off, k * n);
            }
            activate(st.activation, dst, off, off + k * n);
            return;
        }
        for (int b = 0; b < k; b++) {
            int a = accOff + b * st.cols;
            int o = off + b * n;
            activate(st.activation, acc, a, a + n);
            activate(st.gateActivation, acc, a + n, a + 2 * n);
            for (int j = 0; j < n; j++) {
                dst[o + j] = acc[a + j] * acc[a + n + j];
            }
        }
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
                        a[i] = FastTanh.tanh(a[i]);
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
                        a[i] = FastTanh.sigmoid(a[i]);
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

    /** Softmax of {@code a[from, to)} in place. */
    private static void softmax(double[] a, int from, int to) {
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

    /** The state of a batch of up to {@code capacity} items sampled together. */
    @Override
    public State state(int capacity) {
        return new State(capacity);
    }

    /**
     * A batch of items advanced one position at a time, all at the same position: {@link #start}
     * them (all share the prefix), then {@link #advance} the unfinished ones with their next
     * characters, reading each step's distributions with {@link #probabilities}. Rows with the same
     * characters so far share one computed row (a node of the prefix trie).
     */
    final class State implements StepModel.State {

        private final int capacity;        // items, and so nodes per position
        private final int span;            // ancestors kept per node, the node itself first: reach + 1
        private final double[][] store;    // per stage after the first, its input rows: position p's node i at row (p mod ring) * capacity + i
        private final int[] characters;    // the first stage's input: position p's node i's character at (p mod span) * capacity + i
        private final Host[] in;           // per stage after the first, (capacity, C): a matmul's input rows
        private final Host[] out;          // per stage after the first, (capacity, cols): its output
        private final double[] acc;        // (capacity, cols): a gated stage's pre-activations
        private final double[] products;   // (capacity, cols): an older tap's products, one row per distinct ancestor
        private final double[] top;        // (capacity, nOut): the last stage's output
        private final double[] h;          // (capacity, hidden): the sum of the stages' outputs (skip)
        private final Host hHost;          // (capacity, hidden): the output layer's input
        private final Host logits;         // (capacity, vocab)
        private final double[] probs;      // (capacity, vocab): each current node's distribution
        private final float[] probsF;      // the same as floats
        private int[] path;                // (capacity, span): the current nodes' ancestors, by distance; -1 before the item
        private int[] parentPath;          // the same, one position back
        private final int[] parent;        // the new nodes' parents
        private final int[] token;         // and characters
        private final int[] child;         // (capacity * vocab): parent * vocab + character -> new node, or -1
        private final int[] slot;          // node -> its row among a tap's distinct ancestors, or -1
        private final int[] ancestors;     // a tap's distinct ancestors
        private final int[] ancestorRow;   // new node -> its ancestor's row, or -1 before the item
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
            in = new Host[n];
            out = new Host[n];
            int cols = 0;
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                for (int s = 1; s < n; s++) {
                    Stage st = stages[s];
                    store[s] = new double[st.ring * capacity * st.channels];
                    in[s] = new Host(Nd4j.create(dtype, capacity, st.channels));
                    out[s] = new Host(Nd4j.create(dtype, capacity, st.cols));
                }
                hHost = new Host(Nd4j.create(dtype, capacity, hidden));
                logits = new Host(Nd4j.create(dtype, capacity, vocab));
            }
            for (Stage st : stages) {
                cols = Math.max(cols, st.cols);
            }
            characters = new int[span * capacity];
            acc = new double[capacity * cols];
            products = new double[capacity * cols];
            top = new double[capacity * stages[n - 1].nOut];
            h = new double[capacity * hidden];
            probs = new double[capacity * vocab];
            probsF = new float[capacity * vocab];
            path = new int[capacity * span];
            parentPath = new int[capacity * span];
            parent = new int[capacity];
            token = new int[capacity];
            child = new int[capacity * vocab];
            slot = new int[capacity];
            ancestors = new int[capacity];
            ancestorRow = new int[capacity];
            nodeOf = new int[capacity];
            positionOf = new int[capacity];
            rowNode = new int[capacity];
        }

        /** The capacity: items at most. */
        @Override
        public int capacity() {
            return capacity;
        }

        /**
         * Starts {@code n} items with {@code prefix} (encoded, no boundary tokens): then
         * {@link #probabilities} has {@code n} rows, all the distribution of the character after the
         * prefix (one node).
         */
        @Override
        public void start(int n, int[] prefix) {
            if (n < 1 || n > capacity) {
                throw new IllegalArgumentException("start: " + n + " items, capacity " + capacity);
            }
            Arrays.fill(child, -1);
            Arrays.fill(slot, -1);
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
        @Override
        public void advance(int[] items, int[] tokens, int m) {
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
            double[][] p = new double[rows][];
            for (int b = 0; b < rows; b++) {
                p[b] = Arrays.copyOfRange(probs, rowNode[b] * vocab, (rowNode[b] + 1) * vocab);
            }
            return Nd4j.createFromArray(p).castTo(dtype);
        }

        /** Copies the current distribution of row {@code row} into {@code dst[0, vocab)}, as floats. */
        @Override
        public void probabilities(int row, float[] dst) {
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
            System.arraycopy(token, 0, characters, (q % span) * capacity, k);
            for (int s = 0; s < stages.length; s++) {
                Stage st = stages[s];
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
                    firstStage(q, k, a, aOff);
                } else {
                    stage(s, q, k, a, aOff);
                }
                finish(st, k, a, aOff, dst, off);
                if (st.residual) {                 // channels == nOut
                    if (s == 0) {                  // the characters' embeddings
                        for (int b = 0; b < k; b++) {
                            for (int j = 0; j < st.nOut; j++) {
                                dst[off + b * st.nOut + j] += embedding[token[b]][j];
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
                if (skip) {                        // nOut == hidden
                    if (s == 0) {
                        System.arraycopy(dst, off, h, 0, k * hidden);
                    } else {
                        for (int i = 0; i < k * hidden; i++) {
                            h[i] += dst[off + i];
                        }
                    }
                }
            }
            output(k);
            nodes = k;
        }

        /**
         * The first stage's pre-activations of the {@code k} new nodes at position {@code q}, into
         * {@code a[off..)}: sums of the tables' rows of the characters at the taps.
         */
        private void firstStage(int q, int k, double[] a, int off) {
            Stage st = stages[0];
            int cols = st.cols;
            for (int b = 0; b < k; b++) {
                int row = off + b * cols;
                System.arraycopy(st.bias, 0, a, row, cols);
                for (int t = 0; t < st.kernel; t++) {
                    int j = (st.kernel - 1 - t) * st.dilation;
                    int anc = path[b * span + j];
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
        private void stage(int s, int q, int k, double[] a, int off) {
            Stage st = stages[s];
            int c = st.channels;
            int cols = st.cols;
            double[] x = store[s];
            in[s].write(x, (q % st.ring) * capacity * c, 0, k * c);
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
                int j = (st.kernel - 1 - t) * st.dilation;
                int base = ((q - j) % st.ring) * capacity;
                int u = 0;
                for (int b = 0; b < k; b++) {
                    int anc = path[b * span + j];
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

        /** The first {@code m} rows of {@code in[s]} times tap {@code t}'s block, into {@code dst[off..)}. */
        private void product(int s, int t, int m, double[] dst, int off) {
            matmul(in[s].rows(m), stages[s].taps[t], out[s].rows(m));
            out[s].read(dst, off, m * stages[s].cols);
        }

        /** The output layer on the first {@code k} rows: {@code probs = softmax(h W + b)}. */
        private void output(int k) {
            hHost.write(skip ? h : top, 0, 0, k * hidden);
            matmul(hHost.rows(k), outW, logits.rows(k));
            logits.read(probs, 0, k * vocab);
            for (int b = 0; b < k; b++) {
                int from = b * vocab;
                for (int j = 0; j < vocab; j++) {
                    probs[from + j] += outB[j];
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
    }

    /** A detached, contiguous c-order array, FLOAT or DOUBLE, read and written as doubles from Java. */
    private static final class Host {

        private final INDArray array;
        private final INDArray[] rows;    // rows[m]: a view of the first m rows, made when first asked for
        private final FloatBuffer floats;
        private final DoubleBuffer doubles;
        private final float[] scratch;

        Host(INDArray array) {
            if (array.isView() || array.ordering() != 'c') {
                throw new IllegalArgumentException("Host needs a c-order array that is not a view");
            }
            this.array = array;
            this.rows = new INDArray[Math.toIntExact(array.size(0)) + 1];
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

        /** The first {@code m} rows (views are kept: making one costs microseconds). */
        INDArray rows(int m) {
            INDArray v = rows[m];
            if (v == null) {
                v = m == array.size(0) ? array : array.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
                rows[m] = v;
            }
            return v;
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

        /** Sets the {@code length} values from {@code to} to {@code src[off..)}. */
        void write(double[] src, int off, int to, int length) {
            if (floats != null) {
                for (int i = 0; i < length; i++) {
                    scratch[i] = (float) src[off + i];
                }
                floats.put(to, scratch, 0, length);
            } else {
                doubles.put(to, src, off, length);
            }
        }
    }
}
