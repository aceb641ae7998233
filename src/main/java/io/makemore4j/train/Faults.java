package io.makemore4j.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Faults injected into a run from outside, for the reliability tests: the trainer and the checkpoint
 * store call these at the points where a real failure can strike. The product passes {@link #NONE},
 * whose methods do nothing; the tests' own entry point passes faults that act.
 */
public interface Faults {

    /** No faults: what every product path uses. */
    Faults NONE = new Faults() {
    };

    /**
     * Before training step {@code step} (1-based, as logged) runs on {@code graph}; a fault may
     * damage the weights here, as if the last update had blown up.
     */
    default void beforeStep(int step, ComputationGraph graph) {
    }

    /**
     * Inside a checkpoint write, at the point {@code where} describes (the zip written to its
     * temporary file; the zip in place but its manifest not yet written); a fault may pause here so
     * that a test can kill the process mid-write.
     */
    default void inCheckpointWrite(String where) {
    }

    /**
     * After training, before {@code what} (the final evaluation, the final sampling) starts; a fault
     * may pause here so that a test can signal the process during it.
     */
    default void beforeReport(String what) {
    }
}
