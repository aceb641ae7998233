package io.makemore4j.train;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The faults the reliability tests inject into a run through {@link Faults}. Each logs a
 * {@code test hook:} line when it acts, so a test driving a child process can see it happen.
 */
public final class TestFaults {

    private static final Logger LOG = LogManager.getLogger(TestFaults.class);

    /** System property of a child JVM started with {@code FaultInjectingMain}: pause in checkpoint writes (ms). */
    public static final String PAUSE_PROPERTY = "makemore4j.test.pause_in_checkpoint_ms";
    /** System property of a child JVM started with {@code FaultInjectingMain}: pause before the final evaluation (ms). */
    public static final String REPORT_PAUSE_PROPERTY = "makemore4j.test.pause_before_evaluation_ms";
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

    /**
     * Fills the disk of {@code filler} (writing it until the disk is full) at the first checkpoint
     * write point whose description contains {@code when}, as if another program had taken the space.
     */
    public static Faults fillDiskInCheckpointWrite(String when, Path filler) {
        return new Faults() {
            private boolean done;

            @Override
            public void inCheckpointWrite(String where) {
                if (!done && where.contains(when)) {
                    done = true;
                    LOG.info("test hook: filling the disk of {} at: {}", filler, where);
                    fillDisk(filler);
                }
            }
        };
    }

    /** Writes {@code filler} until its disk has no byte left; returns its size. */
    public static long fillDisk(Path filler) {
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int chunk = 1 << 16; chunk > 0; chunk /= 16) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        out.write(bytes);
                        out.flush();
                    }
                } catch (IOException full) {
                    // on to smaller chunks, down to single bytes
                }
            }
        } catch (IOException e) {
            // could not even open it: the disk is full already
        }
        try {
            return Files.exists(filler) ? Files.size(filler) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sleeps {@code ms} before the final evaluation, so that a test can signal the process during it. */
    public static Faults pauseBeforeEvaluation(int ms) {
        return new Faults() {
            @Override
            public void beforeReport(String what) {
                if (what.contains("evaluation")) {
                    LOG.info("test hook: pausing {} ms in {}", ms, what);
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }

    /** The faults this JVM's system properties ask for (one of the {@code *_PROPERTY} keys); none if unset. */
    public static Faults fromSystemProperties() {
        String pause = System.getProperty(PAUSE_PROPERTY);
        String nan = System.getProperty(NAN_PROPERTY);
        String report = System.getProperty(REPORT_PAUSE_PROPERTY);
        if (pause != null) {
            return pauseInCheckpoint(Integer.parseInt(pause.strip()));
        }
        if (report != null) {
            return pauseBeforeEvaluation(Integer.parseInt(report.strip()));
        }
        return nan != null ? nanAtStep(Integer.parseInt(nan.strip())) : Faults.NONE;
    }
}
