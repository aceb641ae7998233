package io.makemore4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run stopped half-way and resumed ends with exactly the losses of the same run done in one go. */
class ResumeTest {

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path root) throws Exception {
        String[] common = {"--config", "config/tiny.yaml", "--checkpoints", root.toString(), "--set", "train.steps=300",
                "--set", "train.checkpoint_every=100", "--set", "train.eval_every=100", "--set", "train.samples=3"};
        CliRunner whole = CliRunner.run(concat(new String[]{"train", "--run", "whole"}, common));
        assertEquals(0, whole.exitCode(), whole.err());

        CliRunner half = CliRunner.run(concat(new String[]{"train", "--run", "split", "--until-step", "150"}, common));
        assertEquals(0, half.exitCode(), half.err());
        CliRunner rest = CliRunner.run("train", "--run", "split", "--resume", "--checkpoints", root.toString());
        assertEquals(0, rest.exitCode(), rest.err());

        assertEquals(Files.readString(root.resolve("whole/metrics.json")), Files.readString(root.resolve("split/metrics.json")));
        List<String> wholeLog = Files.readAllLines(root.resolve("whole/loss.csv"));
        assertEquals(wholeLog, Files.readAllLines(root.resolve("split/loss.csv")));
        assertEquals(Files.readString(root.resolve("whole/samples.txt")), Files.readString(root.resolve("split/samples.txt")));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
