package io.makemore4j.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * How many rows go through the network at once when only its output is wanted (evaluation,
 * sampling): the output is {@code rows x vocabulary} floats, copied once more into Java, so the
 * rows of a pass are capped by the vocabulary to keep that under {@value #FLOATS} floats (16 MiB);
 * and, for evaluation, the hidden activations of a row (about {@code block_size / flatten[0] x
 * n_hidden} floats for the flatten model's first stage) under {@value #ACTIVATION_FLOATS} (64 MiB).
 * With the names corpus and the default model both caps are above the usual chunks (16,384 rows
 * for the flatten model's evaluation, 1,024 positions of whole items, 1,024 items for sampling),
 * which stay as they were; with 14,000 characters a pass takes about 300 rows, at context 32 about
 * 8,000.
 */
public final class OutputBudget {

    /** The most output values of one pass. */
    public static final int FLOATS = 1 << 22;

    private OutputBudget() {
    }

    /** The most hidden activations of one evaluation pass. */
    public static final int ACTIVATION_FLOATS = 1 << 24;

    /** At most {@code most} rows, fewer if their output would pass the budget, and at least one. */
    public static int rows(int vocabulary, int most) {
        return Math.max(1, Math.min(most, FLOATS / Math.max(1, vocabulary)));
    }

    /** {@link #rows(int, int)}, fewer still if a row's {@code activations} floats would pass theirs. */
    public static int rows(int vocabulary, long activations, int most) {
        return (int) Math.max(1, Math.min(rows(vocabulary, most), ACTIVATION_FLOATS / Math.max(1, activations)));
    }

    /** The number of classes the graph predicts: the size of its output layer. */
    public static int vocabulary(ComputationGraph graph) {
        String output = graph.getConfiguration().getNetworkOutputs().get(0);
        return (int) graph.layerSize(output);
    }
}
