package io.makemore4j.checkpoint;

import io.makemore4j.train.TrainingListener;
import io.makemore4j.train.WeightAverage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes checkpoints as training asks for them: a periodic one at each checkpoint call, and
 * the best checkpoint whenever validation finds a new lowest loss; redraws {@code loss.png} with each.
 * With a {@link WeightAverage} the checkpoints' model is the averaged graph, the trained weights
 * saved beside it.
 */
public final class CheckpointListener implements TrainingListener {

    private static final Logger LOG = LogManager.getLogger(CheckpointListener.class);

    private final CheckpointStore store;
    private final LossLog lossLog;
    private final RunDirectory run;
    private final String title;
    private double lastValLoss = Double.NaN;
    private int lastValStep = -1;
    private final WeightAverage average;   // null: the trained graph is the model

    /** A listener that saves the trained graph as the model. */
    public CheckpointListener(RunDirectory run, CheckpointStore store, LossLog lossLog, String title) {
        this(run, store, lossLog, title, null);
    }

    /**
     * A listener for a run with {@code average} (null: none), whose averaged graph it saves as the
     * model, with the trained weights beside it.
     */
    public CheckpointListener(RunDirectory run, CheckpointStore store, LossLog lossLog, String title, WeightAverage average) {
        this.run = run;
        this.store = store;
        this.lossLog = lossLog;
        this.title = title;
        this.average = average;
    }

    @Override
    public void onValidation(int step, double valLoss, boolean best, ComputationGraph graph) {
        lastValLoss = valLoss;
        lastValStep = step;
        if (best) {
            store.saveBest(model(graph), trained(), step, Double.isNaN(valLoss) ? null : valLoss);   // NaN: no validation split
        }
    }

    @Override
    public void onCheckpoint(int step, ComputationGraph graph) {
        store.save(model(graph), trained(), step, lastValStep == step && !Double.isNaN(lastValLoss) ? lastValLoss : null);
        LossPlot.draw(lossLog.points(), title, run.lossPlot());
        LOG.debug("checkpoint written at step {}", step);
    }

    private ComputationGraph model(ComputationGraph trainedGraph) {
        return average == null ? trainedGraph : average.forCheckpoint();
    }

    private INDArray trained() {
        return average == null ? null : average.trainedParameters();
    }
}
