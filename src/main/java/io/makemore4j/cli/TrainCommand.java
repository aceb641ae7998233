package io.makemore4j.cli;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.config.BadInputException;
import io.makemore4j.report.RunPages;
import io.makemore4j.run.Outcome;
import io.makemore4j.run.TrainingRun;
import io.makemore4j.train.Faults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/**
 * {@code train}: the main job. Creates a run (or reopens one with {@code --resume}) through
 * {@link TrainingRun}, which checks everything before the first step, trains with progress,
 * validation and checkpoints, and ends with the split losses and samples that this command prints.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model; writes checkpoints, loss.csv/png, metrics and samples to checkpoints/<run>/.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = {"-r", "--run"}, paramLabel = "NAME",
            description = "Run name: the directory under --checkpoints (default: <config>-<date>-<time>).")
    String runName;

    @Option(names = "--resume", description = "Continue the run from its last good checkpoint (its saved config, plus --set; "
            + "train.steps may be raised to train further).")
    boolean resume;

    @Option(names = "--until-step", paramLabel = "N",
            description = "Stop at step N with a checkpoint (the schedule still spans train.steps); continue later with --resume.")
    Integer untilStep;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "checkpoints",
            description = "Where runs live (default: ${DEFAULT-VALUE}).")
    Path root;

    @Spec
    CommandSpec spec;

    private final Faults faults;

    /** The command as users run it: no faults. */
    public TrainCommand() {
        this(Faults.NONE);
    }

    /** The command with faults injected into its trainer and checkpoint store (reliability tests). */
    public TrainCommand(Faults faults) {
        this.faults = faults;
    }

    @Override
    public Integer call() {
        if (resume && runName == null) {
            throw new BadInputException("--resume needs --run NAME: the run to continue");
        }
        if (untilStep != null && untilStep < 1) {
            throw new BadInputException("--until-step must be at least 1, got " + untilStep);
        }
        RunDirectory dir = RunDirectory.of(root, runName != null ? runName : defaultRunName(config.file()));
        try (InterruptHandler signals = InterruptHandler.install();
             TrainingRun run = resume ? TrainingRun.resume(dir, config.overrides()) : TrainingRun.start(dir, config.load())) {
            Outcome outcome = run.train(new TrainingRun.Controls(
                    step -> signals.stopRequested() || (untilStep != null && step >= untilStep),
                    () -> signals.stopRequested() ? "interrupted" : "stopped as asked",
                    System.console() != null ? System.err : null, faults, signals, new RunPages()));
            if (outcome instanceof Outcome.Diverged diverged) {
                spec.commandLine().getErr().println("error: " + diverged.message());
                spec.commandLine().getErr().flush();
                return ExitCodes.DIVERGED;
            }
            if (outcome instanceof Outcome.Finished finished) {
                printReport(finished, dir);
                return ExitCodes.OK;
            }
            return signals.exitCode();
        }
    }

    private void printReport(Outcome.Finished finished, RunDirectory dir) {
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.print(finished.losses().toTable());
        out.println();
        if (!finished.sampleLines().isEmpty()) {
            out.println("samples:");
            finished.sampleLines().forEach(line -> out.println("  " + line));
            out.println();
        }
        out.println("run directory: " + dir.path() + "  (loss.png, loss.csv, metrics.json, samples.txt, checkpoints)");
        String where = root.equals(RunDirectory.DEFAULT_ROOT) ? "" : " --checkpoints " + root;
        out.println("next: bin/makemore4j sample --run " + dir.name() + where + " -n 20");
        out.flush();
    }

    static String defaultRunName(Path configFile) {
        String base = configFile.getFileName().toString().replaceFirst("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return base + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
