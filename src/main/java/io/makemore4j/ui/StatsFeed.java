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
 * that {@code loss.csv} holds, plus the weight-decay term for {@code adamw}), the learning rates, and
 * the parameters' and updates' histograms and mean magnitudes. Activations are not recorded: they
 * would take a forward pass of their own.
 */
final class StatsFeed implements TrainingListener {

    /** One process's records of one session: the same name for every run, so that a file reads the same everywhere. */
    static final String WORKER = "makemore4j";

    private final StatsListener stats;
    private final ComputationGraph graph;

    StatsFeed(StatsStorageRouter storage, ComputationGraph graph, String session, int every) {
        this.stats = new StatsListener(storage, null,
                new DefaultStatsUpdateConfiguration.Builder().reportingFrequency(every).build(), session, WORKER);
        this.graph = graph;
    }

    @Override
    public void onStep(int step, double loss, double learningRate) {
        stats.iterationDone(graph, step, graph.getEpochCount());
    }
}
