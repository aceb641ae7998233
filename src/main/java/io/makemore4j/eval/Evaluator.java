package io.makemore4j.eval;

import io.makemore4j.config.Config;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** The mean cross-entropy loss (nats per predicted character) of a model on the splits, in inference mode. */
public interface Evaluator {

    /** The loss on each of the three splits. */
    SplitLosses evaluate(PreparedData data);

    /** The mean loss over the split's predicted characters; NaN for an empty split. */
    double loss(Split split);

    /**
     * The evaluator for a graph of this model type: over context rows (flatten) or whole items
     * (dilated), on a fixed sample of a split larger than {@code train.eval_rows}.
     */
    static Evaluator of(ComputationGraph graph, Config config) {
        long evalRows = config.train().evalRows();
        return config.model().dilated() ? new ItemEvaluator(graph, ItemEvaluator.CHUNK, evalRows)
                : new SplitEvaluator(graph, SplitEvaluator.CHUNK, evalRows);
    }
}
