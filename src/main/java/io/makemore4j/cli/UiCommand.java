package io.makemore4j.cli;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.ui.RunStats;
import io.makemore4j.ui.TrainingUi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ui}: DL4J's Training UI over the stats that {@code train --ui} left in runs, finished or
 * stopped, until Ctrl-C (or SIGTERM), which ends it with exit code 0. Every run is checked before the
 * server starts; a run being trained holds its stats file and is refused (its own {@code --ui} shows it).
 */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Show runs trained with --ui in DL4J's Training UI (until Ctrl-C).")
public final class UiCommand implements Callable<Integer> {

    @Option(names = {"-r", "--run"}, paramLabel = "NAME", required = true, arity = "1..*",
            description = "Runs to show: names under --checkpoints (repeatable, or several after one --run).")
    List<String> runs;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "checkpoints",
            description = "Where runs live (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = UiOptions.DEFAULT_PORT,
            description = "Port to serve on (default: ${DEFAULT-VALUE}; 0 takes a free one).")
    int port;

    @Option(names = "--address", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every interface).")
    String address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
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
                PrintWriter err = spec.commandLine().getErr();
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
