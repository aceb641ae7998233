package io.makemore4j.cli;

import io.makemore4j.Main;
import io.makemore4j.train.Faults;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process and captures what it prints (for end-to-end tests). */
record CliRunner(int exitCode, String out, String err) {

    static CliRunner run(String... args) {
        return run(Faults.NONE, args);
    }

    /** Runs the command line with {@code faults} injected into training. */
    static CliRunner run(Faults faults, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(faults);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.setOut(new PrintWriter(out, true));
            sub.setErr(new PrintWriter(err, true));
        }
        int code = cli.execute(args);
        return new CliRunner(code, out.toString(), err.toString());
    }
}
