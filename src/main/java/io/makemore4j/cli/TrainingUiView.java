package io.makemore4j.cli;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.run.GraphWatcher;
import io.makemore4j.ui.RunStats;
import io.makemore4j.ui.TrainingUi;

import java.io.PrintWriter;

/** {@code train --ui}: DL4J's Training UI, started before the run, showing it from its first step. */
final class TrainingUiView implements LiveView {

    private final TrainingUi ui;
    private final int every;
    private final PrintWriter err;
    private RunStats stats;

    private TrainingUiView(TrainingUi ui, int every, PrintWriter err) {
        this.ui = ui;
        this.every = every;
        this.err = err;
    }

    /** Starts the UI on {@code address:port}: a port that is taken is bad input, found before the run is created. */
    static TrainingUiView start(String address, int port, int every, PrintWriter err) {
        return new TrainingUiView(TrainingUi.start(address, port), every, err);
    }

    @Override
    public GraphWatcher watch(RunDirectory run) {
        stats = RunStats.forTraining(run);
        ui.attach(stats.storage());
        err.println("training UI: " + ui.overviewUrl() + "  (DL4J's Training UI; stats every " + every + " steps in "
                + RunStats.file(run) + ", shown later by: ui --run " + run.name() + ")");
        err.flush();
        return stats.watcher(run, every);
    }

    @Override
    public void close() {
        try {
            if (stats != null) {
                stats.close();
            }
        } finally {
            ui.close();
        }
    }
}
