package io.makemore4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.makemore4j.train.TestFaults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code runs} on real runs of {@code config/tiny.yaml}: a finished, a stopped ({@code --until-step}),
 * a diverged (NaN weights injected), a damaged, and a run trained now by another process, then
 * killed; each with the status, steps and losses its files hold.
 */
class RunsCommandTest {

    private static final String[] SETTINGS = {"train.steps=200", "train.eval_every=50", "train.checkpoint_every=50",
        "train.samples=3"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    @BeforeAll
    static void trainRuns() {
        Path corpus = TestRuns.smallCorpus(root);
        assertEquals(0, TestRuns.run(TestRuns.train(root, "done", corpus, SETTINGS)).exitCode());
        assertEquals(0, TestRuns.run(TestRuns.train(root, "quick", corpus, TestRuns.concat(List.of(SETTINGS), "train.lr=0.3")
                .toArray(String[]::new))).exitCode());
        assertEquals(ExitCodes.OK, TestRuns.run(TestRuns.concat(TestRuns.train(root, "halted", corpus, SETTINGS), "--until-step", "120"))
                .exitCode());
        CliRunner nan = CliRunner.run(TestFaults.nanAtStep(80), TestRuns.train(root, "nan", corpus, SETTINGS).toArray(String[]::new));
        assertEquals(ExitCodes.DIVERGED, nan.exitCode(), nan.err());
        assertEquals(0, TestRuns.run(TestRuns.train(root, "broken", corpus, SETTINGS)).exitCode());
    }

    @Test
    void eachRunHasTheStatusStepsAndLossesOfItsFiles() throws Exception {
        damage(root.resolve("broken").resolve("loss.csv"));
        Map<String, JsonNode> runs = json(List.of());
        assertTrue(runs.keySet().containsAll(List.of("broken", "done", "halted", "nan", "quick")), runs.keySet().toString());

        JsonNode done = runs.get("done");
        assertEquals("finished", done.get("status").asText());
        assertEquals(200, done.get("steps_done").asInt());
        assertEquals(200, done.get("steps_planned").asInt());
        JsonNode metrics = JSON.readTree(root.resolve("done").resolve("metrics.json").toFile());
        for (String split : List.of("train_loss", "val_loss", "test_loss")) {
            assertEquals(metrics.get(split).asDouble(), done.get(split).asDouble(), split);
        }
        assertEquals(lowestValidation(root.resolve("done")), done.get("best_val_loss").asDouble());
        assertEquals(lastElapsed(root.resolve("done")), done.get("elapsed_s").asDouble());
        assertEquals("flatten", done.get("model_type").asText());
        assertEquals(1271, done.get("trainable_params").asLong());   // config/tiny.yaml on 27 characters

        JsonNode halted = runs.get("halted");
        assertEquals("stopped", halted.get("status").asText());
        assertEquals("stopped at step 120", halted.get("status_text").asText());
        assertEquals(120, halted.get("steps_done").asInt());
        assertTrue(halted.get("test_loss").isNull(), "a stopped run has no final losses");
        assertEquals(100, halted.get("best_val_step").asInt());

        JsonNode nan = runs.get("nan");
        assertEquals("diverged", nan.get("status").asText());
        assertEquals("diverged at step 80 (loss NaN)", nan.get("status_text").asText());
        assertEquals("NaN", nan.get("diverged_loss").asText());
        assertEquals(79, nan.get("steps_done").asInt());

        JsonNode broken = runs.get("broken");
        assertEquals("damaged", broken.get("status").asText());
        assertTrue(broken.get("problem").asText().contains(root.resolve("broken").resolve("loss.csv") + " line 3"),
                broken.get("problem").asText());

        CliRunner table = TestRuns.run(List.of("runs", "--checkpoints", root.toString()));
        assertEquals(0, table.exitCode(), table.err());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(0).matches("run +type +params +steps +status +best val +at step +val +test +time +corpus"), lines.get(0));
        assertTrue(line(lines, "halted").contains(" 120/200  stopped at step 120 "), table.out());
        assertTrue(line(lines, "done").contains(String.format(java.util.Locale.ROOT, "  %.4f  %.4f  ",
                metrics.get("val_loss").asDouble(), metrics.get("test_loss").asDouble())), table.out());
        assertTrue(table.out().contains("damaged broken: run file " + root.resolve("broken").resolve("loss.csv") + " line 3"),
                table.out());
    }

    @Test
    void aResumedRunFinishesWithItsTrainingTimeAcrossSessions() throws Exception {
        Path corpus = TestRuns.smallCorpus(root);
        assertEquals(0, TestRuns.run(TestRuns.concat(TestRuns.train(root, "twice", corpus, SETTINGS), "--until-step", "100"))
                .exitCode());
        double first = json(List.of("twice")).get("twice").get("elapsed_s").asDouble();
        assertEquals(0, TestRuns.run(TestRuns.resume(root, "twice")).exitCode());
        JsonNode twice = json(List.of("twice")).get("twice");
        assertEquals("finished", twice.get("status").asText());
        assertEquals(lastElapsed(root.resolve("twice")), twice.get("elapsed_s").asDouble());
        assertTrue(twice.get("elapsed_s").asDouble() > first, "the second session adds to the first");
        assertEquals(twice.get("elapsed_s").asDouble(),
                JSON.readTree(root.resolve("twice").resolve("status.json").toFile()).get("elapsed_s").asDouble());
    }

    @Test
    void sortsByAColumnFiltersByAGlobAndRefusesAnUnknownColumn() throws Exception {
        List<String> byVal = new ArrayList<>(json(List.of("--sort", "val", "[dhnq]*")).keySet());
        JsonNode done = json(List.of("done")).get("done");
        JsonNode quick = json(List.of("quick")).get("quick");
        List<String> finished = done.get("val_loss").asDouble() < quick.get("val_loss").asDouble() ? List.of("done", "quick")
                : List.of("quick", "done");
        assertEquals(TestRuns.concat(finished, "halted", "nan"), byVal, "finished runs first, by val loss; runs without one after");
        assertEquals(List.of("halted"), new ArrayList<>(json(List.of("h*")).keySet()));

        CliRunner bad = TestRuns.run(List.of("runs", "--checkpoints", root.toString(), "--sort", "colour"));
        assertEquals(ExitCodes.BAD_INPUT, bad.exitCode());
        assertEquals("error: --sort colour: not a column; use one of name, type, params, steps, status, best_val, best_step, val, "
                + "test, time, corpus", bad.err().strip());
        CliRunner missing = TestRuns.run(List.of("runs", "--checkpoints", root.resolve("nowhere").toString()));
        assertEquals(ExitCodes.BAD_INPUT, missing.exitCode());
        assertEquals("error: --checkpoints " + root.resolve("nowhere") + " is not a directory", missing.err().strip());
    }

    @Test
    void aRunTrainedByAnotherProcessIsTrainingNowAndStoppedOnceKilled() throws Exception {
        Path corpus = TestRuns.smallCorpus(root);
        Map<String, String> slow = Map.of(TestFaults.PAUSE_PROPERTY, "400");   // each checkpoint write pauses twice
        try (ChildJvm child = ChildJvm.start(TestRuns.train(root, "live", corpus, SETTINGS), slow)) {
            Optional<Integer> paused = child.awaitLine(0, line -> line.contains("test hook: pausing") && line.contains("step-00000100"),
                    Duration.ofSeconds(60));
            assertTrue(paused.isPresent(), child.tail());
            JsonNode live = json(List.of("live")).get("live");
            assertEquals("training", live.get("status").asText(), child.tail());
            assertTrue(live.get("status_text").asText().matches("training now \\(step 1\\d\\d\\)"), live.toString());
            child.kill();
        }
        JsonNode killed = json(List.of("live")).get("live");
        assertEquals("stopped", killed.get("status").asText());
        assertTrue(killed.get("killed").asBoolean());
        assertEquals("stopped at step 50 (killed)", killed.get("status_text").asText(), "the last complete checkpoint");
        assertEquals(50, killed.get("steps_done").asInt());
    }

    /** {@code runs --json} with {@code args}, by run name in the order printed. */
    private static Map<String, JsonNode> json(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("runs", "--checkpoints", root.toString(), "--json"));
        command.addAll(args);
        CliRunner runs = TestRuns.run(command);
        assertEquals(0, runs.exitCode(), runs.err());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        JSON.readTree(runs.out()).forEach(run -> byName.put(run.get("name").asText(), run));
        return byName;
    }

    private static String line(List<String> lines, String run) {
        return lines.stream().filter(l -> l.startsWith(run + " ")).findFirst().orElseThrow();
    }

    /** Replaces the loss of the second row of a loss.csv (its line 3) with a word. */
    private static void damage(Path lossCsv) throws Exception {
        List<String> rows = new ArrayList<>(Files.readAllLines(lossCsv));
        String[] cells = rows.get(2).split(",", -1);
        cells[1] = "lots";
        rows.set(2, String.join(",", cells));
        Files.write(lossCsv, rows);
    }

    private static double lowestValidation(Path run) throws Exception {
        return Files.readAllLines(run.resolve("loss.csv")).stream().skip(1).map(l -> l.split(",", -1)[3]).filter(v -> !v.isEmpty())
                .mapToDouble(Double::parseDouble).min().orElseThrow();
    }

    private static double lastElapsed(Path run) throws Exception {
        List<String> rows = Files.readAllLines(run.resolve("loss.csv"));
        return Double.parseDouble(rows.get(rows.size() - 1).split(",", -1)[4]);
    }
}
