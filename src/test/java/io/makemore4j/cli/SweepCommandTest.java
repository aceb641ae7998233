package io.makemore4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sweep}: a 2 x 2 grid on {@code config/tiny.yaml}, stopped in the middle with SIGINT (two
 * points training, two not started) and run again, ends with four finished runs whose losses,
 * validation losses and samples are those of four separate {@code train} runs.
 */
class SweepCommandTest {

    private static final List<String> POINTS = List.of("lr0.05-n_embd4", "lr0.05-n_embd8", "lr0.2-n_embd4", "lr0.2-n_embd8");

    @Test
    void aStoppedAndResumedGridEndsAsSeparateRuns(@TempDir Path tmp) throws Exception {
        Path corpus = TestRuns.smallCorpus(tmp);
        Path sweep = tmp.resolve("grid.yaml");
        Files.writeString(sweep, String.join("\n", "base: config/tiny.yaml", "set:", "  data.path: " + corpus,
                "  train.steps: 1000", "  train.eval_every: 250", "  train.checkpoint_every: 50", "  train.samples: 3",
                "grid:", "  train.lr: [0.05, 0.2]", "  model.n_embd: [4, 8]", ""), StandardCharsets.UTF_8);
        Path root = tmp.resolve("runs");

        try (ChildJvm child = ChildJvm.start(List.of("sweep", sweep.toString(), "--checkpoints", root.toString(), "--parallel", "2"),
                Map.of())) {
            awaitCheckpoint(root.resolve("grid-" + POINTS.get(0)), child);
            child.interrupt();
            assertEquals(ExitCodes.INTERRUPTED, child.waitFor(Duration.ofMinutes(2)), child.tail());
        }
        Path first = root.resolve("grid-" + POINTS.get(0));
        assertTrue(hasCheckpoint(first) && !Files.exists(first.resolve("metrics.json")), "stopped while training, with a checkpoint");
        assertFalse(Files.exists(root.resolve("grid-" + POINTS.get(2))), "no point starts once the sweep is stopped");
        assertFalse(Files.exists(root.resolve("grid-" + POINTS.get(3))), "no point starts once the sweep is stopped");

        CliRunner resumed = CliRunner.run("sweep", sweep.toString(), "--checkpoints", root.toString(), "--parallel", "2");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().matches("(?s).*4 points \\(0 finished, [12] to resume, [23] to start\\).*"), resumed.err());
        assertTrue(resumed.err().contains("grid-" + POINTS.get(0) + ": resuming"), resumed.err());
        assertEquals(4, resumed.out().lines().filter(l -> l.contains(" finished ")).count(), resumed.out());
        assertTrue(Files.isRegularFile(root.resolve("grid-report/report.html")) && Files.isRegularFile(root.resolve("grid-report/compare.png")),
                resumed.out());

        Path separate = tmp.resolve("separate");
        for (String point : POINTS) {
            String lr = point.substring(2, point.indexOf('-'));
            String embd = point.substring(point.lastIndexOf('d') + 1);
            CliRunner train = TestRuns.run(TestRuns.train(separate, point, corpus, "train.steps=1000", "train.eval_every=250",
                    "train.checkpoint_every=50", "train.samples=3", "train.lr=" + lr, "model.n_embd=" + embd));
            assertEquals(0, train.exitCode(), train.err());
            Path swept = root.resolve("grid-" + point);
            for (String file : List.of("metrics.json", "loss.csv", "samples.txt")) {
                assertEquals(TestRuns.runFile(separate.resolve(point), file), TestRuns.runFile(swept, file), point + " " + file);
            }
            String metrics = Files.readString(swept.resolve("metrics.json"));
            assertTrue(resumed.out().lines().anyMatch(l -> l.startsWith("grid-" + point + " ")
                    && l.contains(String.format(java.util.Locale.ROOT, "%.4f", valLoss(metrics)))), resumed.out());
        }
    }

    /** Waits until the run has a periodic checkpoint (its first, at step 50 of 1,000): it is training. */
    private static void awaitCheckpoint(Path run, ChildJvm child) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!hasCheckpoint(run)) {
            assertTrue(child.isAlive() && System.nanoTime() < deadline, "no checkpoint of " + run + ":\n" + child.tail());
            Thread.sleep(10);
        }
    }

    private static boolean hasCheckpoint(Path run) throws IOException {
        if (!Files.isDirectory(run)) {
            return false;
        }
        try (Stream<Path> files = Files.list(run)) {
            return files.anyMatch(f -> f.getFileName().toString().matches("step-\\d+\\.zip"));
        }
    }

    private static double valLoss(String metricsJson) {
        String after = metricsJson.substring(metricsJson.indexOf("\"val_loss\"") + 10);
        return Double.parseDouble(after.substring(after.indexOf(':') + 1, after.indexOf(',')).strip());
    }
}
