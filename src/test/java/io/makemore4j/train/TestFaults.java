package io.makemore4j.train;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The faults the reliability tests inject into a run through {@link Faults}. Each logs a
 * {@code test hook:} line when it acts, so a test driving a child process can see it happen.
 */
public final class TestFaults {

    private static final Logger LOG = LogManager.getLogger(TestFaults.class);

    /** System property of a child JVM started with {@code FaultInjectingMain}: pause in checkpoint writes (ms). */
    public static final String PAUSE_PROPERTY = "makemore4j.test.pause_in_checkpoint_ms";
    /** System property of a child JVM started with {@code FaultInjectingMain}: NaN weights before this step. */
    public static final String NAN_PROPERTY = "makemore4j.test.nan_at_step";

    private TestFaults() {
    }

    /** Training step {@code at} (1-based) starts from weights set to NaN, as if the last update had blown up. */
    public static Faults nanAtStep(int at) {
        return new Faults() {
            @Override
            public void beforeStep(int step, ComputationGraph graph) {
                if (step == at) {
                    LOG.info("test hook: setting the weights to NaN before step {}", step);
                    graph.params().assign(Double.NaN);
                }
            }
        };
    }

    /**
     * Every checkpoint write sleeps {@code ms} twice, once with the zip written to its temporary file
     * and once with the zip in place but its manifest not yet written, so that a test can kill the
     * process in the middle of a write.
     */
    public static Faults pauseInCheckpoint(int ms) {
        return new Faults() {
            @Override
            public void inCheckpointWrite(String where) {
                LOG.info("test hook: pausing {} ms in checkpoint write: {}", ms, where);
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** The faults this JVM's system properties ask for ({@link #PAUSE_PROPERTY}, {@link #NAN_PROPERTY}); none if unset. */
    public static Faults fromSystemProperties() {
        String pause = System.getProperty(PAUSE_PROPERTY);
        String nan = System.getProperty(NAN_PROPERTY);
        if (pause != null) {
            return pauseInCheckpoint(Integer.parseInt(pause.strip()));
        }
        return nan != null ? nanAtStep(Integer.parseInt(nan.strip())) : Faults.NONE;
    }
}
