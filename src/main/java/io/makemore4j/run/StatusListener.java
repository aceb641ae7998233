package io.makemore4j.run;

import io.makemore4j.checkpoint.LossLog;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.checkpoint.RunStatus;
import io.makemore4j.train.TrainingListener;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Keeps {@code status.json} saying "training at step N" while the run trains, and tells the
 * {@link RunObserver} at every evaluation, once the run's files hold it: {@code loss.csv} flushed
 * (with the validation loss) and the status rewritten. Listed after the {@link LossLog}, which
 * records the validation loss first.
 */
final class StatusListener implements TrainingListener {

    private final RunDirectory run;
    private final RunFiles files;
    private final LossLog lossLog;
    private final int steps;
    private final RunObserver observer;

    StatusListener(RunDirectory run, LossLog lossLog, int steps, RunObserver observer) {
        this.run = run;
        this.files = new RunFiles(run);
        this.lossLog = lossLog;
        this.steps = steps;
        this.observer = observer;
    }

    /** Records that training is under way at {@code step}. */
    void training(int step) {
        files.writeStatus(RunStatus.of(RunStatus.State.TRAINING, step, steps, lossLog.elapsedSeconds()));
    }

    @Override
    public void onValidation(int step, double valLoss, boolean best, ComputationGraph graph) {
        lossLog.flush();
        training(step);
        observer.evaluated(run);
    }

    @Override
    public void onCheckpoint(int step, ComputationGraph graph) {
        training(step);
    }
}
