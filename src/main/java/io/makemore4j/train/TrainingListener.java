package io.makemore4j.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Hears the training loop's events. Each implementation has one concern (progress on the console,
 * the loss log, checkpoints, ...); all methods default to doing nothing.
 */
public interface TrainingListener {

    /** After the update of step {@code step} (1-based: steps done so far) with its minibatch loss. */
    default void onStep(int step, double loss, double learningRate) {
    }

    /** After a validation loss was measured at {@code step}; {@code best} when it is the lowest so far. */
    default void onValidation(int step, double valLoss, boolean best, ComputationGraph graph) {
    }

    /** At {@code step}, when a checkpoint is due: every {@code checkpoint_every} steps, at the end, and on a stop. */
    default void onCheckpoint(int step, ComputationGraph graph) {
    }

    /** When the training loop ends, whichever way: finished, stopped, diverged or failed. */
    default void onEnd() {
    }
}
