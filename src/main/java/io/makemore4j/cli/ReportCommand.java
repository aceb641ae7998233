package io.makemore4j.cli;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.config.BadInputException;
import io.makemore4j.report.Report;
import io.makemore4j.report.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code report RUN...}: one self-contained HTML page comparing runs, and {@code compare.png} beside it. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Compare runs in one self-contained HTML file (loss curves, losses, differing config keys, samples) "
                + "and compare.png beside it.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Runs: names under --checkpoints, or paths of run directories.")
    List<String> runs;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "checkpoints",
            description = "Where runs live (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "report.html",
            description = "The HTML file to write (default: ${DEFAULT-VALUE}); compare.png goes beside it.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<RunDirectory> dirs = new ArrayList<>();
        for (String run : new LinkedHashSet<>(runs)) {
            RunDirectory dir = run.contains("/") ? RunDirectory.at(Path.of(run)) : RunDirectory.of(root, run);
            dir.requireExisting();
            dirs.add(dir);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out) || !Files.isDirectory(parent)) {
            throw new BadInputException("--out " + out + ": " + (Files.isDirectory(out) ? "is a directory" : parent + " is not a directory")
                    + "; give the HTML file to write");
        }
        List<RunSummary> summaries = Report.compare(dirs, out);
        PrintWriter w = spec.commandLine().getOut();
        summaries.stream().filter(s -> s.status().problem() != null)
                .forEach(s -> w.println("damaged " + s.name() + ": " + s.status().problem()));
        w.println("wrote " + out + (Files.exists(Report.comparePlot(out)) ? " and " + Report.comparePlot(out) : ""));
        w.flush();
        return ExitCodes.OK;
    }
}
