package io.makemore4j.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * How many rows go through the network at once when only its output is wanted (evaluation,
 * sampling): the output is {@code rows x vocabulary} floats, copied once more into Java, so the
 * rows of a pass are capped by the vocabulary to keep that under {@value #FLOATS} floats (16 MiB).
 * With the 27 characters of the names corpus the cap is far above the usual chunks (16,384 rows
 * for evaluation, 1,024 items for sampling), which stay as they were; with 14,000 characters a pass
 * takes about 300 rows.
 */
public final class OutputBudget {

    /** The most output values of one pass. */
    public static final int FLOATS = 1 << 22;

    private OutputBudget() {
    }

    /** At most {@code most} rows, fewer if their output would pass the budget, and at least one. */
    public static int rows(int vocabulary, int most) {
        return Math.max(1, Math.min(most, FLOATS / Math.max(1, vocabulary)));
    }

    /** The number of classes the graph predicts: the size of its output layer. */
    public static int vocabulary(ComputationGraph graph) {
        String output = graph.getConfiguration().getNetworkOutputs().get(0);
        return (int) graph.layerSize(output);
    }
}
