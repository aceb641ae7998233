package io.makemore4j.run;

import io.makemore4j.eval.SplitLosses;
import io.makemore4j.train.TrainResult;

import java.util.List;

/** How a call to {@link TrainingRun#train} ended. */
public sealed interface Outcome {

    /**
     * Trained to {@code train.steps}, evaluated and sampled; {@code metrics.json} and {@code samples.txt} written.
     *
     * @param result      the training loop's figures
     * @param losses      the final split losses
     * @param sampleLines the sampled items with their novelty labels, as in {@code samples.txt}
     */
    record Finished(TrainResult result, SplitLosses losses, List<String> sampleLines) implements Outcome {
    }

    /** Stopped before {@code train.steps} as asked (a signal or {@code --until-step}), after a checkpoint. */
    record Stopped(TrainResult result) implements Outcome {
    }

    /**
     * Stopped because the loss diverged; nothing was saved after the last good checkpoint.
     *
     * @param step    the step whose loss was bad
     * @param loss    that loss (not finite, or above {@code train.diverge_loss})
     * @param message what happened and which checkpoint is the last good one
     */
    record Diverged(int step, double loss, String message) implements Outcome {
    }
}
