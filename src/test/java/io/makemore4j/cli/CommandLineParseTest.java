package io.makemore4j.cli;

import io.makemore4j.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parses command lines only: nothing is trained, read or written. */
class CommandLineParseTest {

    private static <T> T parse(Class<T> command, String... args) {
        CommandLine.ParseResult result = Main.commandLine().parseArgs(args);
        CommandLine.ParseResult sub = result.subcommand();
        return command.cast(sub.commandSpec().userObject());
    }

    @Test
    void trainDefaultsToTheWavenetPresetAndANewRun() {
        TrainCommand train = parse(TrainCommand.class, "train");
        assertEquals(Path.of("config/wavenet.yaml"), train.config.file());
        assertTrue(train.config.overrides().isEmpty());
        assertNull(train.runName);
        assertFalse(train.resume);
        assertEquals(Path.of("checkpoints"), train.root);
    }

    @Test
    void trainTakesConfigOverridesRunAndResume() {
        TrainCommand train = parse(TrainCommand.class, "train", "-c", "config/tiny.yaml", "--set", "train.steps=10",
                "-s", "model.n_embd=3", "--run", "r1", "--resume");
        assertEquals(Path.of("config/tiny.yaml"), train.config.file());
        assertEquals(List.of("train.steps=10", "model.n_embd=3"), train.config.overrides());
        assertEquals("r1", train.runName);
        assertTrue(train.resume);
    }

    @Test
    void defaultRunNameIsTheConfigAndATimestamp() {
        assertTrue(TrainCommand.defaultRunName(Path.of("config/wavenet-76k.yaml")).matches("wavenet-76k-\\d{8}-\\d{6}"));
    }

    @Test
    void sampleOptions() {
        SampleCommand sample = parse(SampleCommand.class, "sample", "--run", "r1", "-n", "5", "--seed", "7",
                "--temperature", "0.8", "--top-k", "3", "--prefix", "ma", "--best");
        assertEquals("r1", sample.options.run);
        assertEquals(5, sample.count);
        assertEquals(7, sample.seed);
        assertEquals(0.8, sample.temperature);
        assertEquals(3, sample.topK);
        assertEquals("ma", sample.prefix);
        assertTrue(sample.options.best);
        SampleCommand defaults = parse(SampleCommand.class, "sample", "--run", "r1");
        assertEquals(20, defaults.count);
        assertEquals(1.0, defaults.temperature);
        assertNull(defaults.topK);
    }

    @Test
    void evaluateTakesARunOrCheckpointAndDataPathOverride() {
        EvaluateCommand evaluate = parse(EvaluateCommand.class, "evaluate", "--run", "r1", "--checkpoint", "x/best.zip",
                "--set", "data.path=moved.txt");
        assertEquals(Path.of("x/best.zip"), evaluate.options.checkpoint);
        assertEquals(List.of("data.path=moved.txt"), evaluate.options.overrides);
    }

    @Test
    void badCommandLinesEndInOneLineAndExitCode2() {
        for (String[] args : List.of(
                new String[]{"train", "--no-such-option"},
                new String[]{"sample", "--run", "r1", "-n", "-5"},
                new String[]{"sample", "--run", "r1", "--temperature", "0"},
                new String[]{"sample", "--run", "r1", "--top-k", "0"},
                new String[]{"sample", "-n", "3"},
                new String[]{"frobnicate"},
                new String[]{})) {
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err));
            cli.getSubcommands().values().forEach(sub -> sub.setErr(new PrintWriter(err)));
            int code = cli.execute(args);
            assertEquals(ExitCodes.BAD_INPUT, code, () -> String.join(" ", args) + ": " + err);
            String text = err.toString().strip();
            assertEquals(1, text.lines().count(), () -> String.join(" ", args) + " printed: " + text);
            assertTrue(text.startsWith("error: "), text);
        }
    }

    @Test
    void everySubcommandHasHelp() {
        for (String name : List.of("train", "evaluate", "sample", "summary")) {
            CliRunner help = CliRunner.run(name, "--help");
            assertEquals(0, help.exitCode());
            assertTrue(help.out().contains("Usage: makemore4j " + name), help.out() + help.err());
        }
    }
}
