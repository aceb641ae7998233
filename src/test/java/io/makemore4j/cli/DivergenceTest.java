package io.makemore4j.cli;

import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.train.TestFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Divergence end to end: a NaN loss (injected with the {@link TestFaults#nanAtStep} fault,
 * which sets the weights to NaN before a step) or a loss above {@code train.diverge_loss} for
 * several steps stops training with exit code 3 and one clear line, writes no checkpoint of the
 * bad weights, and leaves the last good checkpoint to resume from.
 */
class DivergenceTest {

    @TempDir
    Path root;

    @Test
    void aNaNLossStopsWithExitCode3AndKeepsTheLastGoodCheckpoint() throws Exception {
        Path corpus = TestRuns.smallCorpus(root);
        String[] settings = {"train.steps=80", "train.checkpoint_every=20", "train.eval_every=20", "train.samples=2"};
        CliRunner diverged = CliRunner.run(TestFaults.nanAtStep(50),
                TestRuns.train(root, "nan", corpus, settings).toArray(String[]::new));
        Path run = root.resolve("nan");
        assertEquals(ExitCodes.DIVERGED, diverged.exitCode(), diverged.err());
        assertEquals("error: training diverged at step 50: the loss is NaN; try a lower train.lr; nothing was saved after "
                + "the last good checkpoint, " + run.resolve("step-00000040.zip"), diverged.err().strip());

        try (Stream<Path> files = Files.list(run)) {
            assertEquals(List.of("best-00000040.zip", "step-00000020.zip", "step-00000040.zip"),
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip")).sorted().toList());
        }
        CheckpointStore store = new CheckpointStore(run, 2);
        CheckpointStore.Loaded last = store.latest().orElseThrow();
        assertEquals(40, last.manifest().step());
        assertAllFinite(last.graph().params());
        assertAllFinite(store.best().graph().params());
        List<String> rows = Files.readAllLines(run.resolve("loss.csv"));
        assertTrue(rows.get(rows.size() - 1).startsWith("49,"), rows.get(rows.size() - 1));
        assertFalse(String.join("\n", rows).toLowerCase().contains("nan"));
        assertFalse(Files.exists(run.resolve("metrics.json")));

        // the run goes on from the last good checkpoint exactly as if nothing had happened
        CliRunner resumed = TestRuns.run(TestRuns.resume(root, "nan"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        CliRunner reference = TestRuns.run(TestRuns.train(root, "reference", corpus, settings));
        assertEquals(0, reference.exitCode(), reference.err());
        for (String file : List.of("metrics.json", "loss.csv", "samples.txt")) {
            assertEquals(TestRuns.runFile(root.resolve("reference"), file), TestRuns.runFile(run, file), file);
        }
    }

    @Test
    void aLossAboveDivergeLossForSeveralStepsStopsBeforeAnyCheckpointOfIt() throws Exception {
        Path corpus = TestRuns.smallCorpus(root);
        // every loss (about 3.3 at first) is above 1.0: diverged after 5 steps; the checkpoints due at 2 and 4 wait,
        // and no validation loss of these weights counts as the best
        CliRunner diverged = TestRuns.run(TestRuns.train(root, "high", corpus, "train.diverge_loss=1.0",
                "train.checkpoint_every=2", "train.eval_every=2"));
        assertEquals(ExitCodes.DIVERGED, diverged.exitCode(), diverged.err());
        assertEquals("error: training diverged at step 5: the loss has been above train.diverge_loss (1.0) for 5 steps; "
                + "try a lower train.lr; nothing was saved (no checkpoint had been written yet)", diverged.err().strip());
        try (Stream<Path> files = Files.list(root.resolve("high"))) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip")).toList());
        }
    }

    private static void assertAllFinite(INDArray params) {
        for (float v : params.data().asFloat()) {
            assertTrue(Float.isFinite(v), "a checkpoint holds a non-finite weight");
        }
    }
}
