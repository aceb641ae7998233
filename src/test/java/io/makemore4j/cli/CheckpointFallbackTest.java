package io.makemore4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoint integrity: a checkpoint whose bytes no longer match its manifest's SHA-256 is named
 * when loaded, and {@code --resume} (like {@code evaluate}) falls back to the previous good one
 * and finishes the run exactly as an uninterrupted one.
 */
class CheckpointFallbackTest {

    @TempDir
    Path root;

    @Test
    void aDamagedNewestCheckpointIsNamedAndResumeFallsBackToThePreviousOne() throws Exception {
        Path corpus = TestRuns.smallCorpus(root);
        String[] settings = {"train.steps=80", "train.checkpoint_every=20", "train.eval_every=20", "train.samples=2",
                "checkpoint.keep_last=3"};
        CliRunner first = TestRuns.run(TestRuns.concat(TestRuns.train(root, "fallback", corpus, settings), "--until-step", "60"));
        assertEquals(0, first.exitCode(), first.err());
        Path run = root.resolve("fallback");
        Path newest = run.resolve("step-00000060.zip");
        flipBytes(newest);
        String best;
        try (var files = Files.list(run)) {
            best = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("best-")).findFirst().orElseThrow();
        }
        Path bestCopy = Files.copy(run.resolve(best), root.resolve(best));
        flipBytes(run.resolve(best));

        // loading it by name fails with one line naming it
        CliRunner named = CliRunner.run("evaluate", "--checkpoints", root.toString(), "--run", "fallback", "--checkpoint", newest.toString());
        assertEquals(ExitCodes.BAD_INPUT, named.exitCode());
        assertEquals("error: checkpoint " + newest + " is damaged: its SHA-256 does not match step-00000060.json", named.err().strip());
        CliRunner namedBest = CliRunner.run("evaluate", "--checkpoints", root.toString(), "--run", "fallback", "--best");
        assertEquals(ExitCodes.BAD_INPUT, namedBest.exitCode());
        assertEquals("error: checkpoint " + run.resolve(best) + " is damaged: its SHA-256 does not match best.json", namedBest.err().strip());
        Files.copy(bestCopy, run.resolve(best), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        // evaluate without --checkpoint warns and uses the one before
        CliRunner evaluate;
        List<String> warnings;
        try (LogCapture log = LogCapture.open()) {
            evaluate = CliRunner.run("evaluate", "--checkpoints", root.toString(), "--run", "fallback");
            warnings = log.events();
        }
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.out().contains("checkpoint step-00000040.zip (step 40)"), evaluate.out());
        assertEquals(List.of("WARN io.makemore4j.checkpoint.CheckpointStore - skipping damaged checkpoint: checkpoint " + newest
                + " is damaged: its SHA-256 does not match step-00000060.json"), warnings);

        // --resume says so, continues from step 40, and ends where an uninterrupted run ends
        CliRunner resumed = TestRuns.run(TestRuns.resume(root, "fallback"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("WARN  TrainingRun - skipping damaged checkpoint: checkpoint " + newest + " is damaged"), log);
        assertTrue(log.contains("resuming from step-00000040.zip of run"), log);
        CliRunner reference = TestRuns.run(TestRuns.train(root, "reference", corpus, settings));
        assertEquals(0, reference.exitCode(), reference.err());
        for (String file : List.of("metrics.json", "loss.csv", "samples.txt")) {
            assertEquals(TestRuns.runFile(root.resolve("reference"), file), TestRuns.runFile(run, file), file);
        }
    }

    @Test
    void withEveryCheckpointDamagedResumeRefusesNamingOne() throws Exception {
        Path corpus = TestRuns.smallCorpus(root);
        CliRunner first = TestRuns.run(TestRuns.concat(TestRuns.train(root, "ruined", corpus, "train.steps=40",
                "train.checkpoint_every=10", "train.eval_every=40", "train.samples=0"), "--until-step", "20"));
        assertEquals(0, first.exitCode(), first.err());
        Path run = root.resolve("ruined");
        flipBytes(run.resolve("step-00000010.zip"));
        flipBytes(run.resolve("step-00000020.zip"));
        var before = TestRuns.snapshot(run);
        CliRunner resumed = TestRuns.run(TestRuns.resume(root, "ruined"));
        assertEquals(ExitCodes.BAD_INPUT, resumed.exitCode());
        assertEquals("error: run " + run + " has no loadable checkpoint to resume from: checkpoint " + run.resolve("step-00000020.zip")
                + " is damaged: its SHA-256 does not match step-00000020.json", resumed.err().strip());
        assertEquals(before, TestRuns.snapshot(run));
    }

    private static void flipBytes(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 8; i++) {
            bytes[i] ^= (byte) 0x5A;
        }
        Files.write(file, bytes);
    }
}
