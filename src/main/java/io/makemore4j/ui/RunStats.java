package io.makemore4j.ui;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.config.BadInputException;
import io.makemore4j.run.GraphWatcher;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.mapdb.DBException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's training statistics as DL4J's Training UI reads them: {@code ui-stats.bin} in the run
 * directory, a {@link FileStatsStorage} (MapDB, with a write-ahead log, so what was written survives a
 * kill). {@code train --ui} writes it while training ({@link #watcher}) and {@code ui --run} opens it
 * later; one process at a time has it open (MapDB locks the file).
 */
public final class RunStats implements AutoCloseable {

    /** The file's name in a run directory. */
    public static final String FILE = "ui-stats.bin";

    private final FileStatsStorage storage;
    private final BackgroundWriter writer;

    private RunStats(FileStatsStorage storage) {
        this.storage = storage;
        this.writer = new BackgroundWriter(storage);
    }

    /** The stats file of {@code run}. */
    public static Path file(RunDirectory run) {
        return run.path().resolve(FILE);
    }

    /** Opens (or creates) {@code run}'s stats file for writing. */
    public static RunStats forTraining(RunDirectory run) {
        return open(run, file(run));
    }

    /**
     * Opens the stats of a run trained with {@code --ui}, to show them.
     *
     * @throws BadInputException when the run has none, or a process has them open (it is training)
     */
    public static RunStats toShow(RunDirectory run) {
        Path file = file(run);
        if (!Files.isDirectory(run.path())) {
            throw new BadInputException("no run " + run.path() + " (no such directory)");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("run " + run.name() + " has no " + FILE + ": only runs trained with --ui have "
                    + "training UI stats (train --run " + run.name() + " --resume --ui adds them from now on)");
        }
        return open(run, file);
    }

    private static RunStats open(RunDirectory run, Path file) {
        try {
            return new RunStats(new FileStatsStorage(file.toFile()));
        } catch (DBException.FileLocked e) {
            throw new BadInputException("run " + run.name() + ": " + file + " is open in another process (the run is "
                    + "training now: its own --ui shows it)");
        }
    }

    /** The storage, to attach to a {@link TrainingUi}. */
    public StatsStorage storage() {
        return storage;
    }

    /**
     * The trainer's listener that records the graph's statistics here every {@code every} steps, under
     * the session (what the UI lists) {@code run}'s name, or {@code NAME-resumed-at-STEP} for a run
     * resumed at a step.
     */
    public GraphWatcher watcher(RunDirectory run, int every) {
        return graph -> new StatsFeed(writer, graph, session(run.name(), graph.getIterationCount()), every);
    }

    /** The UI session of a run trained from {@code startStep}. */
    static String session(String runName, int startStep) {
        return startStep == 0 ? runName : runName + "-resumed-at-" + startStep;
    }

    /** Writes what is pending and closes the file. */
    @Override
    public void close() {
        writer.close();
        if (!storage.isClosed()) {
            storage.close();
        }
    }
}
