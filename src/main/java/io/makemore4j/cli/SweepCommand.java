package io.makemore4j.cli;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.SweepFile;
import io.makemore4j.sweep.SweepPlan;
import io.makemore4j.sweep.SweepRunner;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.report.Report;
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
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sweep SWEEP.yaml}: trains every point of a sweep file as its own run under
 * {@code --checkpoints} ({@link SweepPlan}, {@link SweepRunner}), several at once, then prints the
 * sweep's runs table. Ctrl-C stops every point after a checkpoint; running the same sweep again
 * keeps the finished points and resumes the stopped ones.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train every point of a sweep file (a base config and a grid or list of overrides), each as its own run; "
                + "run it again to resume a stopped sweep.")
public final class SweepCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SWEEP.yaml", description = "The sweep file: base, grid or points (see the README).")
    Path file;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "checkpoints",
            description = "Where the runs live (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Points trained at once, each in its own JVM with one native thread (default: the number of cores).")
    Integer parallel;

    @Option(names = "--report", paramLabel = "FILE",
            description = "The sweep's HTML report, compare.png beside it (default: <checkpoints>/<sweep name>-report/report.html).")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (parallel != null && (parallel < 1 || parallel > 4 * cores)) {
            throw new BadInputException("--parallel must be between 1 and " + 4 * cores + " (4 x the cores), got " + parallel);
        }
        if (report != null && java.nio.file.Files.isDirectory(report)) {
            throw new BadInputException("--report " + report + " is a directory; give the HTML file to write");
        }
        SweepPlan plan = SweepPlan.of(SweepFile.read(file), root);
        int atOnce = parallel != null ? parallel : cores;
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "sweep %s: %d points (%d finished, %d to resume, %d to start), %d at a time, runs under %s%n",
                plan.sweep().name(), plan.entries().size(), plan.count(SweepPlan.State.FINISHED),
                plan.count(SweepPlan.State.STOPPED), plan.count(SweepPlan.State.NEW), atOnce, root);
        err.flush();
        List<SweepRunner.Result> results;
        try (InterruptHandler signals = InterruptHandler.install()) {
            signals.training();   // from now on a signal is a request the runner polls: each child stops after a checkpoint
            results = new SweepRunner(atOnce, new Progress(err)).run(plan, signals::stopRequested);
            printAndReport(plan);
            return exitCode(results, signals);
        }
    }

    /** The runs table of the sweep's runs, and its report; the points not started yet listed. */
    private void printAndReport(SweepPlan plan) {
        List<RunDirectory> runs = plan.entries().stream().map(SweepPlan.Entry::run).filter(RunDirectory::exists).toList();
        List<String> notStarted = plan.entries().stream().map(SweepPlan.Entry::run).filter(r -> !r.exists())
                .map(RunDirectory::name).toList();
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        if (!runs.isEmpty()) {
            List<RunSummary> summaries = runs.stream().map(RunReader::read).toList();
            out.print(RunsTable.of(summaries, null, "name").toText());
            Path html = report != null ? report : root.resolve(plan.sweep().name() + "-report").resolve("report.html");
            createParent(html);
            Report.compare(runs, html);
            out.println("report: " + html + " and " + Report.comparePlot(html));
        }
        if (!notStarted.isEmpty()) {
            out.println("not started: " + String.join(", ", notStarted) + " (run the sweep again to train them)");
        }
        out.flush();
    }

    private static void createParent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            java.nio.file.Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw io.makemore4j.config.EnvironmentException.of("create", parent, e);
        }
    }

    private static int exitCode(List<SweepRunner.Result> results, InterruptHandler signals) {
        if (signals.stopRequested()) {
            return signals.exitCode();
        }
        for (SweepRunner.Result r : results) {
            if (r.status() == SweepRunner.Status.FAILED) {
                return r.exitCode() == ExitCodes.BAD_INPUT || r.exitCode() == ExitCodes.ENVIRONMENT ? r.exitCode() : ExitCodes.INTERNAL_ERROR;
            }
        }
        return results.stream().anyMatch(r -> r.status() == SweepRunner.Status.DIVERGED) ? ExitCodes.DIVERGED : ExitCodes.OK;
    }

    /** One line per child started and ended, with its validation losses and errors as they come. */
    private record Progress(PrintWriter err) implements SweepRunner.Events {
        @Override
        public void started(SweepPlan.Entry entry) {
            say(entry.run().name() + ": " + (entry.state() == SweepPlan.State.STOPPED ? "resuming" : "starting"));
        }

        @Override
        public void line(SweepPlan.Entry entry, String line) {
            if (line.contains(": val loss ") || line.startsWith("error:") || line.contains(" WARN ") || line.contains(" ERROR ")) {
                say(entry.run().name() + ": " + line.replaceFirst("^\\d\\d:\\d\\d:\\d\\d\\s+INFO\\s+", ""));
            }
        }

        @Override
        public void ended(SweepRunner.Result result) {
            String how = switch (result.status()) {
                case FINISHED -> "finished";
                case STOPPED -> "stopped (run the sweep again to resume it)";
                case DIVERGED -> "diverged";
                case FAILED -> "failed with exit code " + result.exitCode() + ": " + String.join(" | ", result.tail());
                case NOT_STARTED -> "not started";
            };
            say(result.entry().run().name() + ": " + how);
        }

        private synchronized void say(String line) {
            err.println(line);
            err.flush();
        }
    }
}
