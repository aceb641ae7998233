package io.makemore4j.cli;

import io.makemore4j.checkpoint.CheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same config and seed give bit-identical results: {@code config/tiny.yaml} trained twice, once
 * in this JVM and once in a fresh process, gives the same loss log, the same final losses (printed
 * in full double precision in {@code metrics.json}), the same samples and bit-identical weights.
 */
class ReproducibilityTest {

    @TempDir
    Path root;

    @Test
    void tinyTrainedTwiceIsBitIdentical() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of("train", "--config", "config/tiny.yaml", "--checkpoints", root.toString(),
                "--run", "two"), Map.of())) {
            // both at once (one OpenMP thread each): the same wall time as one run on two cores
            CliRunner here = CliRunner.run("train", "--config", "config/tiny.yaml", "--checkpoints", root.toString(), "--run", "one");
            assertEquals(0, here.exitCode(), here.err());
            assertEquals(0, child.waitFor(Duration.ofMinutes(5)), child.tail());
        }
        Path one = root.resolve("one");
        Path two = root.resolve("two");
        for (String file : List.of("loss.csv", "metrics.json", "samples.txt", "vocab.json")) {
            assertEquals(TestRuns.runFile(one, file), TestRuns.runFile(two, file), file);
        }
        CheckpointStore.Loaded a = new CheckpointStore(one, 2).latest().orElseThrow();
        CheckpointStore.Loaded b = new CheckpointStore(two, 2).latest().orElseThrow();
        assertEquals(400, a.manifest().step());
        // exact float comparison (bits): every weight and batch-norm statistic after 400 steps
        assertArrayEquals(a.graph().params().data().asFloat(), b.graph().params().data().asFloat(), "weights differ");
    }
}
