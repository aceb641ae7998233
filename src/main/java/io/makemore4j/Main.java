package io.makemore4j;

import io.makemore4j.cli.BenchCommand;
import io.makemore4j.cli.ConvertCommand;
import io.makemore4j.cli.DilatedBenchCommand;
import io.makemore4j.cli.EvaluateCommand;
import io.makemore4j.cli.ExitCodes;
import io.makemore4j.cli.NativeThreads;
import io.makemore4j.cli.PrepareCommand;
import io.makemore4j.cli.ReportCommand;
import io.makemore4j.cli.RunsCommand;
import io.makemore4j.cli.Platform;
import io.makemore4j.cli.SampleCommand;
import io.makemore4j.cli.SummaryCommand;
import io.makemore4j.cli.SweepCommand;
import io.makemore4j.cli.TrainCommand;
import io.makemore4j.cli.UiCommand;
import io.makemore4j.cli.VersionProvider;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;
import io.makemore4j.train.Faults;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code makemore4j} command: builds the picocli command line with one subcommand per task
 * and maps what goes wrong to exit codes ({@link ExitCodes}): a user mistake is one line on
 * stderr and exit 2, a failure of the environment (a full disk, an I/O error) one line and exit 4,
 * never a stack trace; anything else is a bug, an internal error with its stack trace, exit 1.
 */
@Command(name = "makemore4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Train and sample character-level language models (a hierarchical WaveNet-style model on DL4J).",
        subcommands = {TrainCommand.class, EvaluateCommand.class, SampleCommand.class, SummaryCommand.class, PrepareCommand.class,
                ConvertCommand.class, BenchCommand.class, DilatedBenchCommand.class, RunsCommand.class, ReportCommand.class,
                UiCommand.class,
                SweepCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: train, evaluate, sample, summary, prepare, convert, "
                + "bench, bench-dilated, runs, report, sweep or ui");
    }

    /** Runs the command line and exits with its code; the console is UTF-8 whatever the locale. */
    public static void main(String[] args) {
        useUtf8Console();
        System.exit(run(args));
    }

    /** Makes {@code System.out} and {@code System.err} UTF-8, whatever the locale says (a C locale would print '?'). */
    public static void useUtf8Console() {
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
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
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));   // UTF-8 whatever the locale
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Main::onBadArguments);
        cli.setExecutionExceptionHandler(Main::onFailure);
        cli.setExecutionStrategy(parseResult -> {
            Platform.checkCpu(); // one clear line on a CPU the native backend cannot run on
            NativeThreads.configure(parseResult);
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError e) {
                return outOfMemory(cli, e);
            }
        });
        return cli;
    }

    /** Memory is part of the environment: one line saying which limit was hit and how to raise it. */
    private static int outOfMemory(CommandLine cli, OutOfMemoryError e) {
        PrintWriter err = cli.getErr();
        err.println("error: out of memory (" + oneLine(e.getMessage()) + "; Java heap limit "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): use smaller model or train sizes, or give the JVM more "
                + "memory, e.g. MAKEMORE4J_JAVA_OPTS=\"-Xmx2g -Dorg.bytedeco.javacpp.maxbytes=4g\"");
        err.flush();
        return ExitCodes.ENVIRONMENT;
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
            if (cause instanceof EnvironmentException failure) {
                err.println("error: " + oneLine(failure.getMessage()));
                err.flush();
                return ExitCodes.ENVIRONMENT;
            }
            cause = cause.getCause();
        }
        Optional<String> environment = environmentFailure(e);
        if (environment.isPresent()) {
            err.println("error: " + environment.get());
            err.flush();
            return ExitCodes.ENVIRONMENT;
        }
        LogManager.getLogger(Main.class).debug("internal error", e);
        err.println("internal error: " + e + " (please report it; the stack trace follows)");
        e.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /**
     * An I/O failure that no code turned into an {@link EnvironmentException} (in a library, say): one
     * line from the outermost message that names what was being done, and the operating system's reason.
     */
    static Optional<String> environmentFailure(Throwable e) {
        String context = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (context == null && cause instanceof UncheckedIOException && cause.getMessage() != null) {
                context = cause.getMessage().replaceFirst(":? ?[^:]*Exception: .*$", "");
            }
            if (cause instanceof IOException io) {
                String path = io instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : null;
                String reason = EnvironmentException.reason(path == null ? Path.of(".") : Path.of(path), io);
                String what = context != null ? context : path != null ? "cannot use " + path : "input/output failed";
                return Optional.of(oneLine(what + ": " + reason));
            }
        }
        return Optional.empty();
    }

    /** A user-facing message is one line, whatever a library put in it. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
