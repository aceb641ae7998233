package io.makemore4j.train;

/**
 * Decides when a loss means training has diverged: at once for a non-finite loss, or after
 * {@link #PATIENCE} steps in a row above {@code train.diverge_loss}.
 */
final class DivergenceGuard {

    /** Steps in a row above the threshold that count as divergence. */
    static final int PATIENCE = 5;

    private final double threshold;
    private int above;

    DivergenceGuard(double threshold) {
        this.threshold = threshold;
    }

    /** Whether the last loss was above the threshold: a checkpoint now could hold diverging weights. */
    boolean suspect() {
        return above > 0;
    }

    /** Throws {@link TrainingDivergedException} when {@code loss} at {@code step} ends training. */
    void check(int step, double loss) {
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(step, loss, "training diverged at step " + step + ": the loss is " + loss
                    + "; try a lower train.lr");
        }
        above = loss > threshold ? above + 1 : 0;
        if (above >= PATIENCE) {
            throw new TrainingDivergedException(step, loss, "training diverged at step " + step + ": the loss has been above train.diverge_loss ("
                    + threshold + ") for " + PATIENCE + " steps; try a lower train.lr");
        }
    }
}
