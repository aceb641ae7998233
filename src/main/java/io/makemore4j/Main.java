package io.makemore4j;

import io.makemore4j.cli.BenchCommand;
import io.makemore4j.cli.ConvertCommand;
import io.makemore4j.cli.DilatedBenchCommand;
import io.makemore4j.cli.EvaluateCommand;
import io.makemore4j.cli.ExitCodes;
import io.makemore4j.cli.NativeThreads;
import io.makemore4j.cli.PrepareCommand;
import io.makemore4j.cli.Platform;
import io.makemore4j.cli.SampleCommand;
import io.makemore4j.cli.SummaryCommand;
import io.makemore4j.cli.TrainCommand;
import io.makemore4j.cli.VersionProvider;
import io.makemore4j.config.BadInputException;
import io.makemore4j.train.Faults;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code makemore4j} command: builds the picocli command line with one subcommand per task
 * and maps what goes wrong to exit codes ({@link ExitCodes}): a user mistake is one line on
 * stderr and exit 2, never a stack trace; anything else is an internal error, exit 1.
 */
@Command(name = "makemore4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Train and sample character-level language models (a hierarchical WaveNet-style model on DL4J).",
        subcommands = {TrainCommand.class, EvaluateCommand.class, SampleCommand.class, SummaryCommand.class, PrepareCommand.class,
                ConvertCommand.class, BenchCommand.class, DilatedBenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: train, evaluate, sample, summary, prepare, convert, bench or bench-dilated");
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the command line with faults injected into training (the reliability tests' entry point). */
    public static int run(Faults faults, String... args) {
        return commandLine(faults).execute(args);
    }

    /** The configured command line, without executing anything: CLI tests parse with it. */
    public static CommandLine commandLine() {
        return commandLine(Faults.NONE);
    }

    /** The command line whose {@code train} hands {@code faults} to the trainer and the checkpoint store. */
    public static CommandLine commandLine(Faults faults) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == TrainCommand.class ? type.cast(new TrainCommand(faults)) : defaults.create(type);
            }
        };
        CommandLine cli = new CommandLine(new Main(), factory);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Main::onBadArguments);
        cli.setExecutionExceptionHandler(Main::onFailure);
        cli.setExecutionStrategy(parseResult -> {
            Platform.checkCpu(); // one clear line on a CPU the native backend cannot run on
            NativeThreads.configure(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli;
    }

    private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + oneLine(e.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof BadInputException bad) {
                err.println("error: " + oneLine(bad.getMessage()));
                err.flush();
                return ExitCodes.BAD_INPUT;
            }
            cause = cause.getCause();
        }
        LogManager.getLogger(Main.class).debug("internal error", e);
        err.println("internal error: " + e + " (please report it; the stack trace follows)");
        e.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /** A user-facing message is one line, whatever a library put in it. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
