package io.makemore4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

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
        // in a class of its own: picocli creates every subcommand, and nothing of the UI is to be loaded then
        return StoredRunsUi.show(root, runs, address, port, spec.commandLine().getErr());
    }
}
