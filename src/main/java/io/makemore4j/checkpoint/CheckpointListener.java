package io.makemore4j.checkpoint;

import io.makemore4j.train.TrainingListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Writes checkpoints as training asks for them: a periodic one at each checkpoint call, and
 * the best checkpoint whenever validation finds a new lowest loss; redraws {@code loss.png} with each.
 */
public final class CheckpointListener implements TrainingListener {

    private static final Logger LOG = LogManager.getLogger(CheckpointListener.class);

    private final CheckpointStore store;
    private final LossLog lossLog;
    private final RunDirectory run;
    private final String title;
    private double lastValLoss = Double.NaN;
    private int lastValStep = -1;

    public CheckpointListener(RunDirectory run, CheckpointStore store, LossLog lossLog, String title) {
        this.run = run;
        this.store = store;
        this.lossLog = lossLog;
        this.title = title;
    }

    @Override
    public void onValidation(int step, double valLoss, boolean best, ComputationGraph graph) {
        lastValLoss = valLoss;
        lastValStep = step;
        if (best) {
            store.saveBest(graph, step, Double.isNaN(valLoss) ? null : valLoss);   // NaN: no validation split
        }
    }

    @Override
    public void onCheckpoint(int step, ComputationGraph graph) {
        store.save(graph, step, lastValStep == step && !Double.isNaN(lastValLoss) ? lastValLoss : null);
        LossPlot.draw(lossLog.points(), title, run.lossPlot());
        LOG.debug("checkpoint written at step {}", step);
    }
}
