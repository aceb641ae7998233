package io.makemore4j.sample;

import io.makemore4j.model.ModelFactory;
import io.makemore4j.model.layer.DilatedConv;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
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
 * the output at a new position of an item needs, at each stage, only the new input row and the
 * {@code (k-1)} rows at distances {@code d, 2d, ..., (k-1)d} before it, which earlier positions
 * computed already. So each stage keeps, per item, a ring of its input's last {@code (k-1)d + 1}
 * rows, and a new character costs one gathered row per item and stage, and for all the batch's
 * unfinished items together one matrix product per stage (an ND4J {@code matmul}, with batch
 * norm folded into the weights as {@code FusedLinearBatchNormLayer} does in inference, and the bias
 * as a last weight row against a column of ones), then the output layer and its softmax: {@code O(1)} rows per character where a full pass of the graph
 * costs {@code O(length)}.
 *
 * <p>Positions before an item all read the item's row 0 (the boundary activation; see
 * {@code DilatedConvLayer}), which is the same for every item at every stage: it is computed once,
 * here, and a ring starts filled with it. The rings hold position {@code p} at slot
 * {@code p mod R}; a slot of a position before the item is never overwritten while a tap can reach
 * it, since the rows written so far and the taps all lie within the last {@code R} positions.
 *
 * <p>Reads the weights from the graph's parameters by layer name ({@code conv{i}}, {@code gate{i}},
 * {@code res{i}}, {@code skip}, {@code embedding}, {@code out}; dropout is the identity in
 * inference) when constructed: later changes to the graph's parameters are not seen. Computes in
 * the graph's data type (FLOAT or DOUBLE).
 */
final class DilatedSteps {

    private final DataType dtype;
    private final int vocab;
    private final Stage[] stages;
    private final boolean skip;
    private final int hidden;             // channels into the output layer
    private final INDArray outW;          // (hidden + 1, vocab): W, then the row b
    private final IActivation outActivation;
    private final Host embedding;         // (vocab, nEmbd)
    private final Host[] boundary;        // boundary[s]: (1, C_s) row 0 of stage s's input
    private final Host boundaryProbs;     // (1, vocab): the prediction of every item's first character

    /** One convolution stage with its batch norm folded into the weights. */
    private static final class Stage {
        int kernel;
        int dilation;
        int channels;                     // input channels C
        int nOut;
        int ring;                         // rows kept per item: (kernel-1)*dilation + 1
        INDArray w;                       // (kernel*C + 1, nOut): W * a, then the row beta - mean * a
        IActivation activation;
        INDArray gateW;                   // gated: the gate's, else null
        IActivation gateActivation;
        boolean residual;
    }

    /** Reads the weights of a dilated model's graph. */
    DilatedSteps(ComputationGraph graph) {
        Map<String, GraphVertex> vertices = graph.getConfiguration().getVertices();
        this.dtype = graph.params().dataType();
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            List<Stage> list = new ArrayList<>();
            for (int i = 1; vertices.containsKey(ModelFactory.convName(i)); i++) {
                Stage st = new Stage();
                DilatedConv conv = (DilatedConv) graph.getLayer(ModelFactory.convName(i)).conf().getLayer();
                st.kernel = conv.getKernel();
                st.dilation = conv.getDilation();
                st.channels = Math.toIntExact(conv.channels());
                st.nOut = Math.toIntExact(conv.getNOut());
                st.ring = (st.kernel - 1) * st.dilation + 1;
                st.activation = conv.getActivationFn();
                st.w = fold(graph, ModelFactory.convName(i), conv.getEps());
                if (vertices.containsKey(ModelFactory.gateName(i))) {
                    DilatedConv gate = (DilatedConv) graph.getLayer(ModelFactory.gateName(i)).conf().getLayer();
                    st.gateW = fold(graph, ModelFactory.gateName(i), gate.getEps());
                    st.gateActivation = gate.getActivationFn();
                }
                st.residual = vertices.containsKey(ModelFactory.residualName(i));
                list.add(st);
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("not a dilated model's graph: it has no layer " + ModelFactory.convName(1));
            }
            this.stages = list.toArray(new Stage[0]);
            this.skip = vertices.containsKey(ModelFactory.SKIP);
            INDArray w = graph.getParam(ModelFactory.OUTPUT + "_W");
            this.vocab = (int) w.size(1);
            this.hidden = (int) w.size(0);
            this.outW = Nd4j.vstack(w, graph.getParam(ModelFactory.OUTPUT + "_b").reshape(1, vocab)).castTo(dtype).dup('c');
            this.outActivation = ((BaseLayer) graph.getLayer(ModelFactory.OUTPUT).conf().getLayer()).getActivationFn();
            this.embedding = new Host(copy(graph.getParam(ModelFactory.EMBEDDING + "_W")));

            // row 0 of every stage: the boundary token's embedding, then each stage over k copies of its input's row 0
            boundary = new Host[stages.length + 1];
            INDArray row = copy(embedding.array.getRow(0, true));                          // (1, nEmbd)
            boundary[0] = new Host(row);
            INDArray sum = null;
            for (int s = 0; s < stages.length; s++) {
                Stage st = stages[s];
                INDArray gathered = Nd4j.ones(dtype, 1, (long) st.kernel * st.channels + 1);
                for (int t = 0; t < st.kernel; t++) {
                    gathered.get(NDArrayIndex.all(), NDArrayIndex.interval((long) t * st.channels, (long) (t + 1) * st.channels))
                            .assign(row);
                }
                INDArray out = Nd4j.create(dtype, 1, st.nOut);
                forward(st, gathered, out, st.gateW == null ? null : Nd4j.create(dtype, 1, st.nOut));
                row = out;
                boundary[s + 1] = new Host(out);
                sum = sum == null ? out.dup() : sum.addi(out);
            }
            INDArray probs = Nd4j.create(dtype, 1, vocab);
            output(Nd4j.hstack(skip ? sum : row, Nd4j.ones(dtype, 1, 1)), probs);
            this.boundaryProbs = new Host(probs);
        }
    }

    /** The size of the vocabulary: values per distribution. */
    int vocabularySize() {
        return vocab;
    }

    /** A detached c-order copy. */
    private INDArray copy(INDArray a) {
        return a.castTo(dtype).dup('c');
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

    /**
     * One stage on {@code m} gathered rows (with their column of ones): {@code out = act(g W)}
     * [{@code * sigmoid(g W')}] [{@code + g's newest block}].
     */
    private static void forward(Stage st, INDArray gathered, INDArray out, INDArray gate) {
        matmul(gathered, st.w, out);
        activate(st.activation, out);
        if (st.gateW != null) {
            matmul(gathered, st.gateW, gate);
            activate(st.gateActivation, gate);
            out.muli(gate);
        }
        if (st.residual) {
            long c = st.channels;
            out.addi(gathered.get(NDArrayIndex.all(), NDArrayIndex.interval((st.kernel - 1) * c, st.kernel * c)));
        }
    }

    /** The output layer on rows with a column of ones: {@code probs = softmax(h W + b)}. */
    private void output(INDArray h, INDArray probs) {
        matmul(h, outW, probs);
        activate(outActivation, probs);
    }

    private static void matmul(INDArray x, INDArray w, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(x, w).addOutputs(out).build());
    }

    /** Applies an activation function in place. */
    private static void activate(IActivation activation, INDArray a) {
        INDArray r = activation.getActivation(a, false);
        if (r != a) {
            a.assign(r);
        }
    }

    /** The state of a batch of up to {@code capacity} items sampled together. */
    State state(int capacity) {
        return new State(capacity);
    }

    /**
     * A batch of items advanced one position at a time, all at the same position: {@link #start}
     * them (all share the prefix), then {@link #advance} the unfinished ones with their next
     * characters, reading each step's distributions with {@link #probabilities}.
     */
    final class State {

        private final int capacity;
        private final Host[] rings;       // per stage (capacity * ring, C): item i's position p at row i*ring + p mod ring
        private final Host[] gathered;    // per stage (capacity, k*C + 1), the last column ones
        private final Host[] outs;        // per stage (capacity, nOut)
        private final INDArray[] gates;   // per stage (capacity, nOut), gated stages only
        private final INDArray last;      // (capacity, hidden + 1): the output layer's input, the last column ones
        private final Host probs;         // (capacity, vocab)
        private int position;             // of the last row computed
        private int rows;                 // rows of the current distributions
        private Host current;             // where they are: probs, or boundaryProbs (position 0)

        private State(int capacity) {
            this.capacity = capacity;
            int n = stages.length;
            rings = new Host[n];
            gathered = new Host[n];
            outs = new Host[n];
            gates = new INDArray[n];
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                for (int s = 0; s < n; s++) {
                    Stage st = stages[s];
                    rings[s] = new Host(Nd4j.create(dtype, (long) capacity * st.ring, st.channels));
                    gathered[s] = new Host(Nd4j.ones(dtype, capacity, (long) st.kernel * st.channels + 1));
                    outs[s] = new Host(Nd4j.create(dtype, capacity, st.nOut));
                    gates[s] = st.gateW == null ? null : Nd4j.create(dtype, capacity, st.nOut);
                }
                last = Nd4j.ones(dtype, capacity, hidden + 1);
                probs = new Host(Nd4j.create(dtype, capacity, vocab));
            }
        }

        /**
         * Starts {@code n} items with {@code prefix} (encoded, no boundary tokens): then
         * {@link #probabilities} holds one row, the distribution of the character after the
         * prefix, the same for every item.
         */
        void start(int n, int[] prefix) {
            if (n < 1 || n > capacity) {
                throw new IllegalArgumentException("start: " + n + " items, capacity " + capacity);
            }
            for (int s = 0; s < stages.length; s++) {
                Stage st = stages[s];
                for (int slot = 0; slot < st.ring; slot++) {
                    boundary[s].copyTo(0, rings[s], slot * st.channels, st.channels);   // item 0
                }
            }
            position = 0;
            rows = 1;
            current = boundaryProbs;
            int[] first = {0};
            for (int ix : prefix) {           // the shared prefix, on item 0 only
                advance(first, new int[] {ix}, 1);
            }
            for (int s = 0; s < stages.length; s++) {
                int block = stages[s].ring * stages[s].channels;
                for (int i = 1; i < n; i++) {
                    rings[s].copyFrom(rings[s], 0, i * block, block);
                }
            }
        }

        /**
         * Moves the items {@code items[0..m)} (indices below the started count, in any order) one
         * position on, with their next characters {@code tokens[0..m)}: then row {@code b} of
         * {@link #probabilities} is the distribution of item {@code items[b]}'s following character.
         * Items left out are finished: they must not be advanced again.
         */
        void advance(int[] items, int[] tokens, int m) {
            if (m < 1 || m > capacity) {
                throw new IllegalArgumentException("advance: " + m + " items, capacity " + capacity);
            }
            int q = ++position;
            for (int s = 0; s < stages.length; s++) {
                Stage st = stages[s];
                int c = st.channels;
                int k = st.kernel;
                Host ring = rings[s];
                Host g = gathered[s];
                for (int b = 0; b < m; b++) {
                    int base = items[b] * st.ring;
                    // the new input row: the character's embedding, or the previous stage's output
                    int at = (base + q % st.ring) * c;
                    if (s == 0) {
                        embedding.copyTo(tokens[b] * c, ring, at, c);
                    } else {
                        outs[s - 1].copyTo(b * c, ring, at, c);
                    }
                    // its taps, oldest first; positions before the item hold row 0 (never overwritten)
                    for (int t = 0; t < k; t++) {
                        int p = q - (k - 1 - t) * st.dilation;
                        ring.copyTo((base + Math.floorMod(p, st.ring)) * c, g, b * (k * c + 1) + t * c, c);
                    }
                }
                forward(st, rows(g.array, m), rows(outs[s].array, m), gates[s] == null ? null : rows(gates[s], m));
            }
            INDArray in = rows(last, m);
            INDArray h = in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden));
            if (skip) {
                h.assign(rows(outs[0].array, m));
                for (int s = 1; s < stages.length; s++) {
                    h.addi(rows(outs[s].array, m));
                }
            } else {
                h.assign(rows(outs[stages.length - 1].array, m));
            }
            output(in, rows(probs.array, m));
            rows = m;
            current = probs;
        }

        /** The current distributions, {@code (rows, vocab)}: a view valid until the next call. */
        INDArray probabilities() {
            return rows(current.array, rows);
        }

        /** Copies the current distribution of row {@code row} into {@code dst[0, vocab)}. */
        void probabilities(int row, float[] dst) {
            if (row >= rows) {
                throw new IndexOutOfBoundsException("row " + row + " of " + rows);
            }
            current.read(row * vocab, dst, vocab);
        }
    }

    /** The first {@code m} rows of a c-order matrix. */
    private static INDArray rows(INDArray a, int m) {
        return a.size(0) == m ? a : a.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
    }

    /** A detached, contiguous c-order array with Java access to its memory, FLOAT or DOUBLE. */
    private static final class Host {

        final INDArray array;
        private final FloatBuffer floats;
        private final DoubleBuffer doubles;

        Host(INDArray array) {
            if (array.isView() || array.ordering() != 'c') {
                throw new IllegalArgumentException("Host needs a c-order array that is not a view");
            }
            this.array = array;
            if (array.dataType() == DataType.FLOAT) {
                floats = array.data().asNioFloat();
                doubles = null;
            } else if (array.dataType() == DataType.DOUBLE) {
                floats = null;
                doubles = array.data().asNioDouble();
            } else {
                throw new IllegalArgumentException("FLOAT or DOUBLE, got " + array.dataType());
            }
        }

        /** Copies {@code length} values from {@code from} to {@code dst} at {@code to} (same data type). */
        void copyTo(int from, Host dst, int to, int length) {
            if (floats != null) {
                dst.floats.put(to, dst == this ? floats.duplicate() : floats, from, length);
            } else {
                dst.doubles.put(to, dst == this ? doubles.duplicate() : doubles, from, length);
            }
        }

        /** Copies {@code length} values of {@code src} from {@code from} to this array at {@code to}. */
        void copyFrom(Host src, int from, int to, int length) {
            src.copyTo(from, this, to, length);
        }

        /** Copies {@code length} values from {@code from} into {@code dst}, as floats. */
        void read(int from, float[] dst, int length) {
            if (floats != null) {
                floats.get(from, dst, 0, length);
            } else {
                for (int j = 0; j < length; j++) {
                    dst[j] = (float) doubles.get(from + j);
                }
            }
        }
    }
}
