package io.makemore4j.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * What every graph of this project is built with besides its model section: the optimiser of every
 * trainable parameter, decoupled weight decay, the seed of the initial weights and the precision.
 * The run's values come from its {@code train} section ({@code io.makemore4j.family.ModelFamily});
 * tests and tools that only need a graph's shape use {@link #sgd(long)}.
 *
 * @param updater     the optimiser (batch-norm running statistics are not trained)
 * @param weightDecay decoupled weight decay ({@code w -= lr * weightDecay * w} after the update, on
 *                    weights only, not biases or batch-norm parameters); 0 for none
 * @param seed        seed of the weight initialisation
 * @param dtype       FLOAT for training, DOUBLE for gradient checks
 */
public record GraphSettings(IUpdater updater, double weightDecay, long seed, DataType dtype) {

    /** Plain SGD at learning rate 0.1, no weight decay, FLOAT: for graphs whose updater does not matter. */
    public static GraphSettings sgd(long seed) {
        return new GraphSettings(new Sgd(0.1), 0.0, seed, DataType.FLOAT);
    }

    /** The same settings in another precision. */
    public GraphSettings withDataType(DataType type) {
        return new GraphSettings(updater, weightDecay, seed, type);
    }
}
