package io.makemore4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench}: a short in-process run reports every in-process figure; bad options are one clear line. */
class BenchCommandTest {

    @Test
    void shortRunReportsTrainingEvaluationAndSampling(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        CliRunner r = CliRunner.run("bench", "--config", "config/tiny.yaml", "--reps", "1", "--seconds", "0.2",
                "--warmup", "0.2", "--batch-sizes", "8,64", "--names", "32", "--skip", "quality,cold", "--json", json.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("machine: ") && r.out().contains("train batch 64, rows/s"), r.out());
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        for (String key : new String[] {"train_b8_steps_per_s", "train_b64_rows_per_s", "eval_rows_per_s", "sample_names_per_s"}) {
            assertTrue(figures.get(key).asDouble() > 0, key + " in " + figures);
        }
        assertTrue(figures.get("fused").asBoolean());
    }

    @Test
    void unknownPartIsABadInput() {
        CliRunner r = CliRunner.run("bench", "--skip", "everything");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("--skip: unknown part 'everything'"), r.err());
    }
}
