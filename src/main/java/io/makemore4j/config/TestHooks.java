package io.makemore4j.config;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.OptionalInt;

/**
 * Fault-injection hooks for the reliability tests, and the only place they are read. Each is off
 * unless its system property or environment variable is set; then it logs a {@code test hook:} line
 * when it acts, so a test driving a child process can see it happen. Users never set these.
 *
 * <ul>
 *   <li>{@code makemore4j.test.pause_in_checkpoint_ms} / {@code MAKEMORE4J_TEST_PAUSE_IN_CHECKPOINT_MS}:
 *       every checkpoint write sleeps this long twice, once with the zip written to its temporary
 *       file and once with the zip in place but its manifest not yet written, so a test can kill
 *       the process in the middle of a write.</li>
 *   <li>{@code makemore4j.test.nan_at_step} / {@code MAKEMORE4J_TEST_NAN_AT_STEP}: training step N
 *       (1-based, as logged) starts from weights set to NaN, so its loss is NaN as if training had
 *       diverged, and the divergence guard has to stop the run.</li>
 * </ul>
 */
public final class TestHooks {

    private static final Logger LOG = LogManager.getLogger(TestHooks.class);
    private static final String PAUSE = "pause_in_checkpoint_ms";
    private static final String NAN = "nan_at_step";

    private TestHooks() {
    }

    /** Sleeps inside a checkpoint write when the pause hook is set; {@code where} says at which point. */
    public static void pauseInCheckpoint(String where) {
        OptionalInt ms = read(PAUSE);
        if (ms.isEmpty() || ms.getAsInt() <= 0) {
            return;
        }
        LOG.info("test hook: pausing {} ms in checkpoint write: {}", ms.getAsInt(), where);
        try {
            Thread.sleep(ms.getAsInt());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the NaN hook asks for the loss of {@code step} (1-based) to be NaN. */
    public static boolean nanAtStep(int step) {
        OptionalInt at = read(NAN);
        if (at.isPresent() && at.getAsInt() == step) {
            LOG.info("test hook: setting the weights to NaN before step {}", step);
            return true;
        }
        return false;
    }

    private static OptionalInt read(String name) {
        String value = System.getProperty("makemore4j.test." + name);
        if (value == null) {
            value = System.getenv("MAKEMORE4J_TEST_" + name.toUpperCase(java.util.Locale.ROOT));
        }
        if (value == null || value.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("test hook " + name + " must be an integer, got '" + value + "'");
        }
    }
}
