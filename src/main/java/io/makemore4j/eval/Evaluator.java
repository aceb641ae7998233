package io.makemore4j.eval;

import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;

import java.util.function.LongConsumer;

/** The mean cross-entropy loss (nats per predicted character) of a model on the splits, in inference mode. */
public interface Evaluator {

    /** The loss on each of the three splits. */
    default SplitLosses evaluate(PreparedData data) {
        return evaluate(data, done -> {
        });
    }

    /**
     * The loss on each of the three splits, telling {@code progress} how many more of the
     * {@link #work} units (rows, or items) are done after each pass.
     */
    SplitLosses evaluate(PreparedData data, LongConsumer progress);

    /** How many units {@link #evaluate} goes through: the rows, or the items, it evaluates. */
    long work(PreparedData data);

    /** The mean loss over the split's predicted characters; NaN for an empty split. */
    double loss(Split split);
}
