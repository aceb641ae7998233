package io.makemore4j.train;

/**
 * What a call to {@link Trainer#train} did.
 *
 * @param firstStep    the step it started from (0, or the checkpoint's step on resume)
 * @param lastStep     the step it reached
 * @param lastLoss     the minibatch loss of the last step (NaN when no step ran)
 * @param bestValLoss  the lowest validation loss measured (NaN when none was)
 * @param bestValStep  the step of that loss (-1 when none)
 * @param stopped      whether a stop request ended it before {@code train.steps}
 * @param seconds      wall time of the loop
 */
public record TrainResult(int firstStep, int lastStep, double lastLoss, double bestValLoss, int bestValStep,
                          boolean stopped, double seconds) {

    /** Steps per second of this call. */
    public double stepsPerSecond() {
        return seconds > 0 ? (lastStep - firstStep) / seconds : 0;
    }
}
