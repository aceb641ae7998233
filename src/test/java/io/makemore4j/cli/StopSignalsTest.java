package io.makemore4j.cli;

import io.makemore4j.train.TestFaults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM and Ctrl-C after the training loop, while the run evaluates its splits and samples: the
 * process ends within a second with 143 (130), saying how to finish the run, and {@code --resume}
 * then only reports, with the files of an uninterrupted run. (During the loop a signal waits for a
 * checkpoint: {@link CrashSafetyTest}.) Child JVMs on {@code config/tiny.yaml} and a small corpus.
 */
class StopSignalsTest {

    static final Duration PATIENCE = Duration.ofMinutes(3);
    static final long WITHIN_MS = 1000;
    /** Sampling this many items takes seconds: long enough to be signalled in the middle of it. */
    static final String[] SETTINGS = {"train.steps=100", "train.checkpoint_every=50", "train.eval_every=50",
            "train.log_every=50", "train.samples=50000"};

    @TempDir
    static Path root;
    static Path corpus;

    @BeforeAll
    static void trainTheReference() {
        corpus = TestRuns.smallCorpus(root);
        CliRunner reference = TestRuns.run(TestRuns.train(root, "reference", corpus, SETTINGS));
        assertEquals(0, reference.exitCode(), reference.err());
    }

    @Test
    void sigtermDuringTheFinalEvaluationEndsWithin1sWith143() throws Exception {
        stopDuring("evaluated", "TERM", ExitCodes.TERMINATED, "test hook: pausing", "terminated during the final evaluation",
                Map.of(TestFaults.REPORT_PAUSE_PROPERTY, "5000"));
    }

    @Test
    void sigtermDuringTheFinalSamplingEndsWithin1sWith143() throws Exception {
        stopDuring("sampled", "TERM", ExitCodes.TERMINATED, "sampling 50000 items", "terminated during the final sampling", Map.of());
    }

    @Test
    void ctrlCDuringTheFinalSamplingEndsWithin1sWith130() throws Exception {
        stopDuring("sampled-int", "INT", ExitCodes.INTERRUPTED, "sampling 50000 items", "interrupted during the final sampling",
                Map.of());
    }

    private static void stopDuring(String name, String signal, int code, String waitFor, String said, Map<String, String> faults)
            throws Exception {
        Path run = root.resolve(name);
        long took;
        try (ChildJvm child = ChildJvm.start(TestRuns.train(root, name, corpus, SETTINGS), faults)) {
            assertTrue(child.awaitLine(0, line -> line.contains(waitFor), PATIENCE).isPresent(), child.tail());
            Thread.sleep(300);
            assertTrue(child.isAlive(), "still at work when signalled:\n" + child.tail());
            long sent = System.nanoTime();
            child.signal(signal);
            int exit = child.waitFor(PATIENCE);
            took = (System.nanoTime() - sent) / 1_000_000;
            assertEquals(code, exit, child.tail());
            String last = child.stderr().get(child.stderr().size() - 1);
            assertTrue(last.contains(said + ": every checkpoint is complete; finish the run's report with: train --run " + name
                    + " --resume"), child.tail());
        }
        System.out.println("StopSignalsTest: SIGTERM/INT '" + said + "' ended the process in " + took + " ms");
        assertTrue(took < WITHIN_MS, "ended " + took + " ms after the signal");
        assertFalse(Files.exists(run.resolve("metrics.json")), "the report was not finished");
        CliRunner report = TestRuns.run(TestRuns.resume(root, name));
        assertEquals(0, report.exitCode(), report.err());
        for (String file : List.of("metrics.json", "loss.csv", "samples.txt")) {
            assertEquals(TestRuns.runFile(root.resolve("reference"), file), TestRuns.runFile(run, file), file);
        }
    }
}
