package io.makemore4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run on split files ({@code data.train_path}, {@code data.val_path}, {@code data.test_path})
 * trains, evaluates, samples and resumes exactly; a changed split file is refused naming it; without
 * a val file there is no validation loss and the latest checkpoint is the best.
 */
class SplitFilesRunTest {

    @TempDir
    static Path dir;
    static Path train;
    static Path val;
    static Path test;

    /** Every 16th name of the project's corpus, cut into 1,600 / 200 / the rest. */
    @BeforeAll
    static void splitFiles() throws IOException {
        List<String> names = Files.readAllLines(TestRuns.smallCorpus(dir), StandardCharsets.UTF_8);
        train = Files.write(dir.resolve("train.txt"), names.subList(0, 1600), StandardCharsets.UTF_8);
        val = Files.write(dir.resolve("val.txt"), names.subList(1600, 1800), StandardCharsets.UTF_8);
        test = Files.write(dir.resolve("test.txt"), names.subList(1800, names.size()), StandardCharsets.UTF_8);
    }

    private static String[] trainArgs(Path root, String run, boolean withVal, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "config/tiny.yaml", "--checkpoints", root.toString(),
                "--run", run, "--set", "data.train_path=" + train, "--set", "data.test_path=" + test, "--set", "train.steps=200",
                "--set", "train.checkpoint_every=50", "--set", "train.eval_every=50", "--set", "train.samples=3"));
        if (withVal) {
            args.addAll(List.of("--set", "data.val_path=" + val));
        }
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @Test
    void trainsEvaluatesSamplesAndResumesExactly(@TempDir Path root) throws IOException {
        CliRunner whole = CliRunner.run(trainArgs(root, "whole", true));
        assertEquals(0, whole.exitCode(), whole.err());
        CliRunner half = CliRunner.run(trainArgs(root, "halves", true, "--until-step", "120"));
        assertEquals(0, half.exitCode(), half.err());
        CliRunner rest = CliRunner.run("train", "--run", "halves", "--resume", "--checkpoints", root.toString());
        assertEquals(0, rest.exitCode(), rest.err());
        for (String file : List.of("metrics.json", "loss.csv", "samples.txt")) {
            assertEquals(TestRuns.runFile(root.resolve("whole"), file), TestRuns.runFile(root.resolve("halves"), file), file);
        }

        JsonNode provenance = new ObjectMapper().readTree(root.resolve("whole/provenance.json").toFile());
        assertEquals(3, provenance.get("split_files").size());
        assertEquals(List.of("train", "val", "test"), List.of(provenance.get("split_files").get(0).get("split").asText(),
                provenance.get("split_files").get(1).get("split").asText(), provenance.get("split_files").get(2).get("split").asText()));
        assertEquals(1600, provenance.get("split_files").get(0).get("items").asInt());
        assertEquals(200, provenance.get("split_files").get(1).get("items").asInt());
        assertEquals(val.toString(), provenance.get("split_files").get(1).get("path").asText());

        CliRunner eval = CliRunner.run("evaluate", "--run", "whole", "--checkpoints", root.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode metrics = new ObjectMapper().readTree(root.resolve("whole/metrics.json").toFile());
        for (String split : List.of("train", "val", "test")) {
            String row = String.format(java.util.Locale.ROOT, "%-5s  %.4f", split, metrics.get(split + "_loss").asDouble());
            assertTrue(eval.out().contains(row), row + " in\n" + eval.out());
        }
        CliRunner sample = CliRunner.run("sample", "--run", "whole", "--checkpoints", root.toString(), "-n", "30", "--new");
        assertEquals(0, sample.exitCode(), sample.err());
        assertTrue(sample.out().contains("30 of 30 new"), sample.out());
    }

    @Test
    void aChangedSplitFileIsRefusedOnResumeNamingIt(@TempDir Path root) throws IOException {
        Path ownTest = Files.copy(test, root.resolve("test-copy.txt"));
        String[] args = trainArgs(root, "r", true, "--until-step", "100");
        args[java.util.Arrays.asList(args).indexOf("data.test_path=" + test)] = "data.test_path=" + ownTest;
        CliRunner first = CliRunner.run(args);
        assertEquals(0, first.exitCode(), first.err());
        String before = TestRuns.runFile(root.resolve("r"), "loss.csv");
        Files.writeString(ownTest, "zelda\n", java.nio.file.StandardOpenOption.APPEND);
        CliRunner resumed = CliRunner.run("train", "--run", "r", "--resume", "--checkpoints", root.toString());
        assertEquals(ExitCodes.BAD_INPUT, resumed.exitCode(), resumed.out());
        assertTrue(resumed.err().startsWith("error: data.test_path " + ownTest + " is not the test file run r was trained on (SHA-256 "),
                resumed.err());
        assertEquals(1, resumed.err().strip().lines().count(), resumed.err());
        assertEquals(before, TestRuns.runFile(root.resolve("r"), "loss.csv"), "nothing changed");
        CliRunner sample = CliRunner.run("sample", "--run", "r", "--checkpoints", root.toString());
        assertEquals(ExitCodes.BAD_INPUT, sample.exitCode());
        assertTrue(sample.err().contains("data.test_path " + ownTest), sample.err());

        Path provenance = root.resolve("r/provenance.json");   // a damaged record of the files is named, not trusted
        Files.writeString(provenance, Files.readString(provenance).replaceFirst("\"sha256\" : \"[0-9a-f]{64}\"", "\"sha256\" : \"xyz\""));
        CliRunner damaged = CliRunner.run("evaluate", "--run", "r", "--checkpoints", root.toString());
        assertEquals(ExitCodes.BAD_INPUT, damaged.exitCode());
        assertEquals("error: " + provenance + ": field split_files: the train file's sha256 must be 64 hex digits, got 'xyz' "
                + "(the file was edited or damaged)", damaged.err().strip());
    }

    @Test
    void withoutAValFileTheLatestCheckpointIsTheBest(@TempDir Path root) throws IOException {
        CliRunner run = CliRunner.run(trainArgs(root, "noval", false));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("val    -       (no validation split)"), run.out());
        JsonNode metrics = new ObjectMapper().readTree(root.resolve("noval/metrics.json").toFile());
        assertTrue(metrics.get("val_loss").isNull(), metrics.toString());
        JsonNode best = new ObjectMapper().readTree(root.resolve("noval/best.json").toFile());
        assertEquals(200, best.get("step").asInt());
        assertTrue(best.get("val_loss").isNull(), best.toString());
        String csv = Files.readString(root.resolve("noval/loss.csv"));
        assertFalse(csv.lines().skip(1).anyMatch(line -> !line.split(",", -1)[3].isEmpty()), "no val_loss column value: " + csv);
        CliRunner eval = CliRunner.run("evaluate", "--run", "noval", "--checkpoints", root.toString(), "--best");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "test   %.4f", metrics.get("test_loss").asDouble())), eval.out());
        CliRunner runs = CliRunner.run("runs", "--checkpoints", root.toString(), "--json");
        assertEquals(0, runs.exitCode(), runs.err());
        JsonNode row = new ObjectMapper().readTree(runs.out()).get(0);
        assertEquals("finished", row.get("status").asText(), row.toString());
        assertTrue(row.get("val_loss").isNull(), "no validation split is no val loss, not 0: " + row);
        assertEquals(metrics.get("test_loss").asDouble(), row.get("test_loss").asDouble(), 1e-12, row.toString());
    }
}
