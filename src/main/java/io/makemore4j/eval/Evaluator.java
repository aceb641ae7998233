package io.makemore4j.eval;

import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;

/** The mean cross-entropy loss (nats per predicted character) of a model on the splits, in inference mode. */
public interface Evaluator {

    /** The loss on each of the three splits. */
    SplitLosses evaluate(PreparedData data);

    /** The mean loss over the split's predicted characters; NaN for an empty split. */
    double loss(Split split);
}
