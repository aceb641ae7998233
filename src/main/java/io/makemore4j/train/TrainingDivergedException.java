package io.makemore4j.train;

/** Training stopped because the loss stopped being a usable number; the last good checkpoint is kept. */
public class TrainingDivergedException extends RuntimeException {
    private final int step;
    private final double loss;

    /** Training diverged at {@code step}, whose minibatch loss was {@code loss}. */
    public TrainingDivergedException(int step, double loss, String message) {
        super(message);
        this.step = step;
        this.loss = loss;
    }

    /** The step whose loss was bad. */
    public int step() {
        return step;
    }

    /** That step's minibatch loss (not finite, or above {@code train.diverge_loss}). */
    public double loss() {
        return loss;
    }
}
