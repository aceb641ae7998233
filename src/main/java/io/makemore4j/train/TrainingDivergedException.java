package io.makemore4j.train;

/** Training stopped because the loss stopped being a usable number; the last good checkpoint is kept. */
public class TrainingDivergedException extends RuntimeException {
    private final int step;

    public TrainingDivergedException(int step, String message) {
        super(message);
        this.step = step;
    }

    /** The step whose loss was bad. */
    public int step() {
        return step;
    }
}
