package io.makemore4j.sample;

import io.makemore4j.model.DilatedModel;
import io.makemore4j.model.Graphs;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dilated model's inference one position at a time, as in "Fast WaveNet" (Paine et al., 2016):
 * the output at a new position needs, at each stage, only the new input row and the {@code (k-1)}
 * rows at distances {@code d, 2d, ..., (k-1)d} before it, which earlier positions computed already.
 *
 * <p>Items with the same characters so far have the same rows, so the state is a trie of prefixes
 * ({@link PrefixTrie}): a step computes one row per distinct prefix (a node), not per item. The
 * stages are read with batch norm folded into their weights and split by tap ({@link FoldedStage},
 * as {@code FusedLinearBatchNormLayer} does in inference); a step's arithmetic is
 * {@link StepKernel}'s: ND4J matmuls of the new nodes' rows with the taps' blocks, everything else
 * in Java on the host, far cheaper than native ops on these few rows. In FLOAT, tanh (and the
 * sigmoid, as {@code (1 + tanh(x/2))/2}) is a rational approximation accurate to float rounding
 * (about 3e-7, {@code Activation.floatTanh}), not {@link Math#tanh}; in DOUBLE, the exact functions.
 *
 * <p>Positions before an item all read the item's row 0 (the boundary activation; see
 * {@code DilatedConvMap}), which is the same for every item at every stage: it is computed once,
 * here (in double).
 *
 * <p>Reads the weights from the graph's parameters by layer name ({@code conv{i}}, {@code gate{i}},
 * {@code res{i}}, {@code skip}, {@code embedding}, {@code out}; dropout is the identity in
 * inference) when constructed: later changes to the graph's parameters are not seen. Computes the
 * matrix products in the graph's data type (FLOAT or DOUBLE), the rest in double.
 */
final class DilatedSteps implements StepModel {

    final DataType dtype;
    final int vocab;
    final FoldedStage[] stages;
    final boolean skip;                 // the output layer reads the sum of the stages' outputs
    final int hidden;                   // channels into the output layer
    final INDArray outW;                // (hidden, vocab), in the graph's data type
    final double[] outB;                // (vocab)
    final double[][] embedding;         // (vocab, nEmbd)
    final int reach;                    // the farthest tap: max (k-1)*d
    final double[] boundaryProbs;       // (vocab): the prediction of every item's first character

    /** Reads the weights of a dilated model's graph. */
    DilatedSteps(ComputationGraph graph) {
        Map<String, GraphVertex> vertices = graph.getConfiguration().getVertices();
        this.dtype = graph.params().dataType();
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("FLOAT or DOUBLE, got " + dtype);
        }
        this.embedding = graph.getParam(Graphs.EMBEDDING + "_W").castTo(DataType.DOUBLE).toDoubleMatrix();
        if (!vertices.containsKey(DilatedModel.convName(1))) {
            throw new IllegalArgumentException("not a dilated model's graph: it has no layer " + DilatedModel.convName(1));
        }
        this.skip = vertices.containsKey(DilatedModel.SKIP);
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            this.stages = readStages(graph, vertices);
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
        int farthest = 0;
        for (FoldedStage st : stages) {
            farthest = Math.max(farthest, st.ring - 1);
        }
        this.reach = farthest;
        this.boundaryProbs = boundaryProbabilities();
    }

    /** The stages {@code conv1, conv2, ...}, each reading the previous one's output at the boundary. */
    private FoldedStage[] readStages(ComputationGraph graph, Map<String, GraphVertex> vertices) {
        List<FoldedStage> list = new ArrayList<>();
        double[] boundary = embedding[0];                 // the boundary token's embedding (character 0)
        for (int i = 1; vertices.containsKey(DilatedModel.convName(i)); i++) {
            String gate = vertices.containsKey(DilatedModel.gateName(i)) ? DilatedModel.gateName(i) : null;
            FoldedStage st = new FoldedStage(graph, DilatedModel.convName(i), gate,
                    vertices.containsKey(DilatedModel.residualName(i)), i == 1 ? embedding : null, boundary, dtype);
            list.add(st);
            boundary = st.boundaryOut;
        }
        return list.toArray(new FoldedStage[0]);
    }

    /** The output layer on the boundary rows (the last stage's, or the sum of every stage's with skip). */
    private double[] boundaryProbabilities() {
        double[] h = new double[hidden];
        for (int s = 0; s < stages.length; s++) {
            double[] row = stages[s].boundaryOut;
            if (skip || s == stages.length - 1) {   // nOut == hidden
                for (int j = 0; j < hidden; j++) {
                    h[j] = skip ? h[j] + row[j] : row[j];
                }
            }
        }
        double[][] ow = outW.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] p = outB.clone();
        for (int i = 0; i < hidden; i++) {
            for (int v = 0; v < vocab; v++) {
                p[v] += h[i] * ow[i][v];
            }
        }
        StepKernel.softmax(p, 0, vocab);
        return p;
    }

    /** The size of the vocabulary: values per distribution. */
    @Override
    public int vocabularySize() {
        return vocab;
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

        private final PrefixTrie trie;
        private final StepKernel kernel;

        private State(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity " + capacity);
            }
            this.trie = new PrefixTrie(capacity, reach + 1, vocab);
            this.kernel = new StepKernel(DilatedSteps.this, capacity);
        }

        /** The capacity: items at most. */
        @Override
        public int capacity() {
            return trie.capacity();
        }

        /**
         * Starts {@code n} items with {@code prefix} (encoded, no boundary tokens): then
         * {@link #probabilities} has {@code n} rows, all the distribution of the character after the
         * prefix (one node).
         */
        @Override
        public void start(int n, int[] prefix) {
            if (n < 1 || n > trie.capacity()) {
                throw new IllegalArgumentException("start: " + n + " items, capacity " + trie.capacity());
            }
            trie.reset();
            kernel.reset();
            for (int ix : prefix) {               // the shared prefix: one node per position
                step(trie.extendShared(ix));
            }
            trie.startItems(n);
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
            step(trie.advance(items, tokens, m));
        }

        /** The nodes of the current position: the rows the last step computed. */
        int nodes() {
            return trie.nodes();
        }

        /** A copy of the current distributions, {@code (rows, vocab)}, in the graph's data type. */
        INDArray probabilities() {
            double[][] p = new double[trie.rows()][vocab];
            for (int b = 0; b < p.length; b++) {
                kernel.distribution(trie.rowNode(b), p[b]);
            }
            return Nd4j.createFromArray(p).castTo(dtype);
        }

        /** Copies the current distribution of row {@code row} into {@code dst[0, vocab)}, as floats. */
        @Override
        public void probabilities(int row, float[] dst) {
            if (row >= trie.rows()) {
                throw new IndexOutOfBoundsException("row " + row + " of " + trie.rows());
            }
            kernel.distribution(trie.rowNode(row), dst);
        }

        /** Computes the {@code k} new nodes of the next position. */
        private void step(int k) {
            int q = trie.nextPosition(k);
            kernel.step(q, k, trie.tokens(), trie.paths());
        }
    }
}
