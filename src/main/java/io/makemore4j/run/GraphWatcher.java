package io.makemore4j.run;

import io.makemore4j.train.TrainingListener;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Something outside the run that watches its graph as it trains (the training UI): it gets the graph
 * before the first step and hears the trainer's events from then on, as one more of its listeners.
 */
@FunctionalInterface
public interface GraphWatcher {

    /** Watches nothing. */
    GraphWatcher NONE = graph -> new TrainingListener() { };

    /** The listener that watches {@code graph}, which is at the run's starting step. */
    TrainingListener listener(ComputationGraph graph);
}
