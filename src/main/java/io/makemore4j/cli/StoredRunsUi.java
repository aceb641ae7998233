package io.makemore4j.cli;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.ui.RunStats;
import io.makemore4j.ui.TrainingUi;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** What {@code ui} does: the Training UI over runs' stored stats, until SIGINT or SIGTERM. */
final class StoredRunsUi {

    private StoredRunsUi() {
    }

    /**
     * Opens every run's stats (bad input before anything starts), serves them on {@code address:port},
     * prints the URL to {@code err}, waits for Ctrl-C or SIGTERM, then stops the server and closes the files.
     *
     * @return {@link ExitCodes#OK}: a signal is how the command ends
     */
    static int show(Path root, List<String> runs, String address, int port, PrintWriter err) throws InterruptedException {
        List<RunStats> opened = new ArrayList<>();
        try {
            for (String name : runs) {
                opened.add(RunStats.toShow(RunDirectory.of(root, name)));
            }
            CountDownLatch stop = new CountDownLatch(1);
            SignalHandler previousInt = Signal.handle(new Signal("INT"), s -> stop.countDown());
            SignalHandler previousTerm = Signal.handle(new Signal("TERM"), s -> stop.countDown());
            try (TrainingUi ui = TrainingUi.start(address, port)) {
                opened.forEach(stats -> ui.attach(stats.storage()));
                err.println("training UI: " + ui.overviewUrl() + "  (" + String.join(", ", runs)
                        + "; the UI's session list switches between runs and resumes; Ctrl-C stops it)");
                err.flush();
                stop.await();
            } finally {
                Signal.handle(new Signal("INT"), previousInt);
                Signal.handle(new Signal("TERM"), previousTerm);
            }
            return ExitCodes.OK;
        } finally {
            opened.forEach(RunStats::close);
        }
    }
}
