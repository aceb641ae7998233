package io.makemore4j.cli;

import io.makemore4j.report.RunReader;
import io.makemore4j.report.RunSummary;
import io.makemore4j.report.RunsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code runs}: the table of the runs under {@code --checkpoints}, read from their files ({@link RunReader}). */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the runs under --checkpoints: type, parameters, steps, status, losses, time, corpus.")
public final class RunsCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "GLOB", description = "Only runs whose name matches, e.g. 'tiny-*'.")
    String glob;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "checkpoints",
            description = "Where runs live (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--sort", paramLabel = "COLUMN", defaultValue = "name",
            description = "Sort by name, type, params, steps, status, best_val, best_step, val, test, time or corpus "
                    + "(default: ${DEFAULT-VALUE}); runs without a value last.")
    String sort;

    @Option(names = "--json", description = "Print the rows as a JSON array (losses full precision, null where none).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<RunSummary> runs = RunReader.list(root).stream().map(RunReader::read).toList();
        RunsTable table = RunsTable.of(runs, glob, sort);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(table.toJson());
        } else if (table.rows().isEmpty()) {
            out.println("no runs under " + root + (glob == null ? "" : " match " + glob));
        } else {
            out.print(table.toText());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
