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
 * time {@link io.makemore4j.run.TrainingRun} says they changed, at the end always, and at an
 * evaluation unless the page is costly and was written a moment ago: when the last write took over
 * {@link #CHEAP_MS} ms, the next waits until {@link #SPACING} times that has passed (the page reads
 * the whole {@code loss.csv}, so that training pays at most about 5% for it on long runs). A page
 * that cannot be written (a full disk) is a warning in the log, not the end of the training.
 */
public final class RunPages implements RunObserver {

    private static final Logger LOG = LogManager.getLogger(RunPages.class);
    /** A page written faster than this is written at every evaluation. */
    static final long CHEAP_MS = 50;
    /** Otherwise pages are at least this many times their write time apart. */
    static final long SPACING = 20;

    /** Per run: when its page was last written and how long that took (nanoseconds). */
    private final Map<Path, long[]> written = new ConcurrentHashMap<>();

    @Override
    public void evaluated(RunDirectory run) {
        long[] last = written.get(run.path());
        if (last != null && last[1] > CHEAP_MS * 1_000_000 && System.nanoTime() - last[0] < SPACING * last[1]) {
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
