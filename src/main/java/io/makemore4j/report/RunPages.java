package io.makemore4j.report;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;
import io.makemore4j.run.RunObserver;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps training runs' own {@code report.html} up to date: rewritten from the run's files each
 * time {@link io.makemore4j.run.TrainingRun} says they changed: at the end always, and at an
 * evaluation unless the last page was written less than {@link #SPACING} times its write time ago.
 * A page reads the run's files (the whole {@code loss.csv}) and is synced to disk, 20-400 ms
 * measured; so training pays at most about 5% for its page, and a page is written at every
 * evaluation when they are further apart than that (a browser reloads it every
 * {@value ReportPage#REFRESH_SECONDS} s). A page that cannot be written (a full disk) is a warning
 * in the log, not the end of the training.
 */
public final class RunPages implements RunObserver {

    private static final Logger LOG = LogManager.getLogger(RunPages.class);
    /** Pages written at evaluations are at least this many times their write time apart. */
    static final long SPACING = 20;

    /** Per run: when its page was last written and how long that took (nanoseconds). */
    private final Map<Path, long[]> written = new ConcurrentHashMap<>();

    @Override
    public void evaluated(RunDirectory run) {
        long[] last = written.get(run.path());
        if (last != null && System.nanoTime() - last[0] < SPACING * last[1]) {
            return;
        }
        write(run);
    }

    @Override
    public void ended(RunDirectory run) {
        write(run);
    }

    private void write(RunDirectory run) {
        long start = System.nanoTime();
        try {
            Report.writeRunPage(run);
        } catch (BadInputException | EnvironmentException e) {
            LOG.warn("cannot write {}: {}", run.report(), e.getMessage());
        }
        long end = System.nanoTime();
        written.put(run.path(), new long[]{end, end - start});
    }
}
