package io.makemore4j.sample;

import io.makemore4j.eval.SplitEvaluator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link StepModel} of a sequence model's graph, through DL4J's own stateful inference: each
 * step is one {@link ComputationGraph#rnnTimeStep} of the items' next characters {@code (m, 1)},
 * giving {@code (m, vocab)} distributions, while the graph's stateful layers (those implementing
 * {@link RecurrentLayer}: a recurrent cell's hidden state, DL4J's LSTM's activations and cells, a
 * running sum, a position, a key/value cache) keep each item's state as row {@code b} of their state
 * arrays. When items finish, the rows of the others are pulled out of every state array (dimension
 * 0) before the next step, so a step costs the unfinished items only.
 *
 * <p>The graph's input is {@code (items, T)} character indices, its one output {@code (items*T, vocab)}
 * probabilities (one row per position, T = 1 here). The graph's stored state is replaced; it must
 * not be used for other stateful inference meanwhile.
 */
public final class GraphSteps implements StepModel {

    private final ComputationGraph graph;
    private final int vocab;
    private final List<RecurrentLayer> stateful = new ArrayList<>();

    /** The steps of an initialised graph (in inference mode: no dropout, running statistics). */
    public GraphSteps(ComputationGraph graph) {
        this.graph = graph;
        this.vocab = (int) ((FeedForwardLayer) graph.getOutputLayer(0).conf().getLayer()).getNOut();
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof RecurrentLayer r) {
                stateful.add(r);
            }
        }
    }

    @Override
    public int vocabularySize() {
        return vocab;
    }

    @Override
    public State state(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        return new GraphState(capacity);
    }

    private final class GraphState implements State {

        private final int capacity;
        private final int[] rowOf;      // item -> its row in the state arrays and in probs
        private final int[] pulled;     // the rows to keep, in their new order
        private float[] probs = new float[0];   // (rows, vocab)
        private int started;
        private int rows;

        GraphState(int capacity) {
            this.capacity = capacity;
            this.rowOf = new int[capacity];
            this.pulled = new int[capacity];
        }

        @Override
        public int capacity() {
            return capacity;
        }

        @Override
        public void start(int n, int[] prefix) {
            if (n < 1 || n > capacity) {
                throw new IllegalArgumentException("start: " + n + " items, capacity " + capacity);
            }
            graph.rnnClearPreviousState();
            float[] first = step(new int[] {0}, 1);              // the boundary, for one row
            for (int ix : prefix) {
                first = step(new int[] {ix}, 1);                 // the shared prefix
            }
            Arrays.fill(pulled, 0, n, 0);
            selectRows(n);                                       // n copies of that row
            probs = new float[n * vocab];
            for (int b = 0; b < n; b++) {
                System.arraycopy(first, 0, probs, b * vocab, vocab);
                rowOf[b] = b;
            }
            started = n;
            rows = n;
        }

        @Override
        public void advance(int[] items, int[] tokens, int m) {
            if (m < 1 || m > started) {
                throw new IllegalArgumentException("advance: " + m + " items, " + started + " started");
            }
            boolean[] seen = new boolean[started];
            for (int b = 0; b < m; b++) {
                int i = items[b];
                if (i < 0 || i >= started || rowOf[i] < 0 || seen[i]) {
                    throw new IllegalArgumentException("advance: item " + i + " is not an unfinished item (of " + started
                            + " started), or is twice in the list");
                }
                if (tokens[b] < 0 || tokens[b] >= vocab) {
                    throw new IllegalArgumentException("advance: character " + tokens[b] + " of " + vocab);
                }
                seen[i] = true;
                pulled[b] = rowOf[i];
            }
            for (int i = 0; i < started; i++) {
                rowOf[i] = -1;                                   // finished unless advanced
            }
            for (int b = 0; b < m; b++) {
                rowOf[items[b]] = b;
            }
            if (m != rows || !identity(m)) {
                selectRows(m);
            }
            probs = step(tokens, m);
            rows = m;
        }

        @Override
        public void probabilities(int row, float[] dst) {
            if (row < 0 || row >= rows) {
                throw new IndexOutOfBoundsException("row " + row + " of " + rows);
            }
            System.arraycopy(probs, row * vocab, dst, 0, vocab);
        }

        private boolean identity(int m) {
            for (int b = 0; b < m; b++) {
                if (pulled[b] != b) {
                    return false;
                }
            }
            return true;
        }

        /** Keeps rows {@code pulled[0..m)} of every state array, in that order. */
        private void selectRows(int m) {
            int[] keep = Arrays.copyOf(pulled, m);
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                for (RecurrentLayer layer : stateful) {
                    Map<String, INDArray> state = layer.rnnGetPreviousState();
                    Map<String, INDArray> selected = new LinkedHashMap<>();
                    for (Map.Entry<String, INDArray> e : state.entrySet()) {
                        selected.put(e.getKey(), rows(e.getValue(), keep));
                    }
                    layer.rnnSetPreviousState(selected);
                }
            }
        }

        /** One step of the graph for {@code m} rows: the rows' next characters in, their distributions out. */
        private float[] step(int[] tokens, int m) {
            float[] in = new float[m];
            for (int b = 0; b < m; b++) {
                in[b] = tokens[b];
            }
            INDArray x = Nd4j.createFromArray(in).reshape(m, 1).castTo(graph.getConfiguration().getDataType());
            INDArray out = graph.rnnTimeStep(x)[0];             // (m, vocab)
            return SplitEvaluator.values(out);
        }
    }

    /** Rows {@code keep} of {@code a} along dimension 0, as a new array (other dimensions as they are). */
    static INDArray rows(INDArray a, int[] keep) {
        long[] shape = a.shape().clone();
        long rest = a.length() / shape[0];
        INDArray flat = a.dup('c').reshape('c', shape[0], rest);        // (rows, rest)
        INDArray picked = Nd4j.pullRows(flat, 1, keep);                   // (keep, rest)
        shape[0] = keep.length;
        return picked.reshape('c', shape);
    }
}
