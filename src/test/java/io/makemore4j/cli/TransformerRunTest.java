package io.makemore4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code model.type: transformer} through the command line: a run with dropout stopped half-way and
 * resumed ends with exactly the losses, curve and samples of the run done in one go (the dropout
 * masks are a function of the seed and the step), and {@code sample} draws the same items for a seed;
 * {@code convert} refuses it.
 */
class TransformerRunTest {

    private static final String[] COMMON = {"--config", "config/transformer.yaml", "--set", "model.n_embd=16",
        "--set", "model.n_layer=2", "--set", "model.n_head=2", "--set", "model.dropout=0.1", "--set", "train.steps=40",
        "--set", "train.lr=0.005", "--set", "train.checkpoint_every=20", "--set", "train.eval_every=20",
        "--set", "train.samples=5", "--set", "data.path=" + Path.of("datasets/names.txt").toAbsolutePath()};

    private static String[] args(Path root, String... first) {
        String[] all = Arrays.copyOf(first, first.length + COMMON.length + 2);
        System.arraycopy(COMMON, 0, all, first.length, COMMON.length);
        all[all.length - 2] = "--checkpoints";
        all[all.length - 1] = root.toString();
        return all;
    }

    @Test
    void resumedRunWithDropoutEqualsUninterruptedRun(@TempDir Path root) {
        CliRunner whole = CliRunner.run(args(root, "train", "--run", "whole"));
        assertEquals(0, whole.exitCode(), whole.err());
        CliRunner half = CliRunner.run(args(root, "train", "--run", "split", "--until-step", "20"));
        assertEquals(0, half.exitCode(), half.err());
        CliRunner rest = CliRunner.run("train", "--run", "split", "--resume", "--checkpoints", root.toString());
        assertEquals(0, rest.exitCode(), rest.err());
        assertEquals(TestRuns.runFile(root.resolve("whole"), "metrics.json"), TestRuns.runFile(root.resolve("split"), "metrics.json"));
        assertEquals(TestRuns.runFile(root.resolve("whole"), "loss.csv"), TestRuns.runFile(root.resolve("split"), "loss.csv"));
        assertEquals(TestRuns.runFile(root.resolve("whole"), "samples.txt"), TestRuns.runFile(root.resolve("split"), "samples.txt"));
    }

    @Test
    void sampleDrawsTheSameItemsForASeedAndEvaluateRepeatsTheRunsLosses(@TempDir Path root) throws Exception {
        assertEquals(0, CliRunner.run(args(root, "train", "--run", "t")).exitCode());
        CliRunner a = CliRunner.run("sample", "--run", "t", "--checkpoints", root.toString(), "-n", "30", "--seed", "4");
        CliRunner b = CliRunner.run("sample", "--run", "t", "--checkpoints", root.toString(), "-n", "30", "--seed", "4");
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().contains("of 30 new"), a.out());
        CliRunner convert = CliRunner.run("convert", "--run", "t", "--checkpoints", root.toString(), "--to", "dilated", "--out", "d");
        assertEquals(2, convert.exitCode());
        assertEquals("error: run t is a transformer model; convert takes flatten and dilated runs only", convert.err().trim());
        CliRunner eval = CliRunner.run("evaluate", "--run", "t", "--checkpoints", root.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        String metrics = Files.readString(root.resolve("t/metrics.json"));
        for (String line : eval.out().split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length == 2 && cols[0].matches("train|val|test")) {
                assertTrue(metrics.contains(cols[1].substring(0, 5)), cols[0] + " " + cols[1] + " not in " + metrics);
            }
        }
    }
}
