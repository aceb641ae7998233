package io.makemore4j.ui;

import io.makemore4j.train.TrainingListener;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.impl.DefaultStatsUpdateConfiguration;

/**
 * Hands the graph to DL4J's {@link StatsListener} after every step, as {@code graph.fit} would call a
 * listener on the graph: a DL4J listener set on the graph would send every step through
 * {@code graph.fit} (no direct path in {@code GraphStep}), so this one is the trainer's instead. The
 * listener only reads the graph (its score, parameters and the step's updates, which the gradient
 * arrays hold after the update), so the losses are those of a run without it.
 *
 * <p>Every {@code every} steps it records the step's score ({@code graph.score()}: the minibatch loss
 * that {@code loss.csv} holds, plus the weight-decay term for {@code adamw}) and what {@link #shown}
 * lists. Activations are not recorded: they would take a forward pass of their own.
 */
final class StatsFeed implements TrainingListener {

    /** One process's records of one session: the same name for every run, so that a file reads the same everywhere. */
    static final String WORKER = "makemore4j";

    private final StatsListener stats;
    private final ComputationGraph graph;

    StatsFeed(StatsStorageRouter storage, ComputationGraph graph, String session, int every) {
        this.stats = new StatsListener(storage, null, shown(every), session, WORKER);
        this.graph = graph;
    }

    /**
     * What DL4J's UI 1.0.0-M2.1 shows of what a listener on the graph can see, and nothing more (each
     * statistic is a native op per parameter array): the parameters' and updates' histograms (tab
     * Model) and mean magnitudes (their ratio: the overview and tab Model), the updates' standard
     * deviations (overview), learning rates, memory, GC and speed. Not the means, nor the parameters'
     * standard deviations, which its pages never read ({@code TrainModule}); nothing of gradients or
     * activations, which only {@code graph.fit}'s listener calls would hand over.
     */
    static DefaultStatsUpdateConfiguration shown(int every) {
        return new DefaultStatsUpdateConfiguration.Builder().reportingFrequency(every)
                .collectMeanParameters(false).collectMeanUpdates(false).collectMeanGradients(false).collectMeanActivations(false)
                .collectStdevParameters(false).collectStdevGradients(false).collectStdevActivations(false)
                .collectMeanMagnitudesGradients(false).collectMeanMagnitudesActivations(false)
                .collectHistogramsGradients(false).collectHistogramsActivations(false)
                .build();
    }

    @Override
    public void onStep(int step, double loss, double learningRate) {
        stats.iterationDone(graph, step, graph.getEpochCount());
    }
}
