package io.makemore4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.makemore4j.checkpoint.AtomicFiles;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job end to end on {@code config/tiny.yaml} and the project's own corpus: train, then
 * evaluate and sample from the saved run, as a user would from the command line.
 */
class TrainEvaluateSampleTest {

    @TempDir
    static Path root;
    static CliRunner train;
    static Path run;

    @BeforeAll
    static void trainTiny() {
        train = CliRunner.run("train", "--config", "config/tiny.yaml", "--run", "tiny", "--checkpoints", root.toString());
        run = root.resolve("tiny");
    }

    @Test
    void trainingSucceedsAndTheLossFalls() throws Exception {
        assertEquals(0, train.exitCode(), train.err());
        List<String> rows = Files.readAllLines(run.resolve("loss.csv"));
        assertEquals("step,loss,lr,val_loss,elapsed_s,wall_time", rows.get(0));
        assertEquals(400 + 1, rows.size());
        double first = meanLoss(rows.subList(1, 51));
        double last = meanLoss(rows.subList(rows.size() - 50, rows.size()));
        assertTrue(last < first - 0.3, "loss fell from " + first + " to " + last);
        assertTrue(Math.log(28) - first < 0.3, "starts near uniform: " + first);
    }

    @Test
    void everyRunFileExistsAndParses() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Config saved = ConfigLoader.load(run.resolve("config.yaml"), List.of());
        assertEquals(ConfigLoader.load(Path.of("config/tiny.yaml"), List.of()), saved);
        assertEquals(".", json.readTree(run.resolve("vocab.json").toFile()).get(0).asText());
        JsonNode provenance = json.readTree(run.resolve("provenance.json").toFile());
        assertEquals(AtomicFiles.sha256(Path.of("datasets/names.txt")), provenance.get("dataset_sha256").asText());
        assertEquals(400, provenance.get("step").asInt());
        JsonNode metrics = json.readTree(run.resolve("metrics.json").toFile());
        for (String key : List.of("train_loss", "val_loss", "test_loss")) {
            assertTrue(metrics.get(key).asDouble() > 1 && metrics.get(key).asDouble() < 3.3, key);
        }
        assertNotNull(ImageIO.read(run.resolve("loss.png").toFile()), "loss.png is an image");
        assertEquals(saved.train().samples() + 1, Files.readAllLines(run.resolve("samples.txt")).size());
        assertTrue(Files.size(run.resolve("train.log")) > 0);
        // the last keep_last periodic checkpoints plus best, each with a manifest that matches
        try (Stream<Path> files = Files.list(run)) {
            assertEquals(List.of("best-00000400.zip", "step-00000200.zip", "step-00000400.zip"),
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip")).sorted().toList());
        }
        JsonNode manifest = json.readTree(run.resolve("step-00000400.json").toFile());
        assertEquals(AtomicFiles.sha256(run.resolve("step-00000400.zip")), manifest.get("sha256").asText());
        assertEquals(2, manifest.get("format_version").asInt());
        assertEquals(saved.model().nHidden(), manifest.get("model").get("model.n_hidden").asInt(), "format 2 records the model");
        assertTrue(manifest.get("parameters").size() > 0, "and the shape of each parameter array: " + manifest);
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(run.resolve("step-00000400.zip").toFile(), true);
        assertEquals(400, graph.getIterationCount());
    }

    @Test
    void evaluatePrintsExactlyTheLossesTrainingPrinted() {
        CliRunner evaluate = CliRunner.run("evaluate", "--run", "tiny", "--checkpoints", root.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        String trained = table(train.out());
        assertEquals(trained, table(evaluate.out()));
    }

    @Test
    void samplingWithASeedRepeats() {
        CliRunner a = CliRunner.run("sample", "--run", "tiny", "--checkpoints", root.toString(), "--seed", "7", "-n", "20");
        CliRunner b = CliRunner.run("sample", "--run", "tiny", "--checkpoints", root.toString(), "--seed", "7", "-n", "20");
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(a.out(), b.out());
        assertEquals(21, a.out().lines().count());
        assertTrue(a.out().lines().reduce((x, y) -> y).orElseThrow().matches("\\d+ of 20 new \\(\\d+%\\)"));
        CliRunner prefixed = CliRunner.run("sample", "--run", "tiny", "--checkpoints", root.toString(), "--prefix", "zo", "-n", "5");
        assertTrue(prefixed.out().lines().limit(5).allMatch(line -> line.startsWith("zo")), prefixed.out());
    }

    @Test
    void newAndUniqueKeepDrawingUntilTheyHaveEnough() {
        String[] base = {"sample", "--run", "tiny", "--checkpoints", root.toString(), "--seed", "3", "-n", "40"};
        CliRunner fresh = CliRunner.run(concat(base, "--new"));
        assertEquals(0, fresh.exitCode(), fresh.err());
        List<String> lines = fresh.out().lines().toList();
        assertEquals(41, lines.size());
        assertTrue(lines.subList(0, 40).stream().allMatch(l -> l.endsWith("new")), fresh.out());
        assertEquals("40 of 40 new (100%)", lines.get(40));
        CliRunner unique = CliRunner.run(concat(base, "--unique", "--temperature", "0.5"));
        assertEquals(0, unique.exitCode(), unique.err());
        List<String> items = unique.out().lines().limit(40).map(l -> l.split("\\s+")[0]).toList();
        assertEquals(40, new java.util.HashSet<>(items).size(), unique.out());
        // a near-greedy draw gives the same item again and again: not 5 distinct ones in 50 draws
        CliRunner stuck = CliRunner.run("sample", "--run", "tiny", "--checkpoints", root.toString(), "-n", "5", "--unique",
                "--temperature", "0.0001", "--max-draws", "50");
        assertEquals(ExitCodes.BAD_INPUT, stuck.exitCode(), stuck.out());
        assertTrue(stuck.err().startsWith("error: only 1 of the 5 items asked for were distinct after 50 draws (--max-draws)"), stuck.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aRunIsNeverOverwritten() {
        CliRunner again = CliRunner.run("train", "--config", "config/tiny.yaml", "--run", "tiny", "--checkpoints", root.toString());
        assertEquals(ExitCodes.BAD_INPUT, again.exitCode());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    private static String table(String out) {
        return out.lines().filter(l -> l.matches("(train|val|test) +\\d\\.\\d{4}")).reduce("", (x, y) -> x + y + "\n");
    }

    private static double meanLoss(List<String> rows) {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[1])).average().orElseThrow();
    }
}
