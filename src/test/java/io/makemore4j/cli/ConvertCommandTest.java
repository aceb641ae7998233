package io.makemore4j.cli;

import io.makemore4j.config.ModelKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.ModelConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code convert} end to end: tiny flatten runs (stock and fused layers) converted to the dilated
 * model and back (to the fused layers) evaluate to the same split losses and sample the same items,
 * and the new run records where it came from.
 */
class ConvertCommandTest {

    private static final Pattern LOSS = Pattern.compile("(?m)^(train|val|test)\\s+(\\d+\\.\\d+)$");

    @TempDir
    static Path tmp;
    static Path root;

    @BeforeAll
    static void trainTinyRuns() {
        root = tmp.resolve("root");
        Path corpus = TestRuns.smallCorpus(tmp);
        for (String fused : List.of("true", "false")) {
            CliRunner train = TestRuns.run(TestRuns.train(root, "flat-" + fused, corpus, "model.fused=" + fused,
                    "train.steps=150", "train.eval_every=50", "train.checkpoint_every=75", "train.samples=0"));
            assertEquals(0, train.exitCode(), train.err());
        }
    }

    private static CliRunner run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--checkpoints", root.toString()));
        return TestRuns.run(all);
    }

    /** The train, val and test losses that {@code evaluate} prints. */
    private static List<Double> losses(String run, String... more) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--run", run));
        args.addAll(List.of(more));
        CliRunner r = run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        List<Double> losses = new ArrayList<>();
        Matcher m = LOSS.matcher(r.out());
        while (m.find()) {
            losses.add(Double.parseDouble(m.group(2)));
        }
        assertEquals(3, losses.size(), r.out());
        return losses;
    }

    private static void assertSameLosses(List<Double> expected, List<Double> got) {
        for (int i = 0; i < 3; i++) {
            // printed to 4 decimals: equal losses may round one unit apart
            assertEquals(expected.get(i), got.get(i), 1.5e-4, expected + " against " + got);
        }
    }

    private static String sample(String run) {
        CliRunner r = run("sample", "--run", run, "-n", "20", "--seed", "5");
        assertEquals(0, r.exitCode(), r.err());
        return r.out();
    }

    @Test
    void convertsToDilatedAndBackWithTheSameLosses() throws Exception {
        for (String fused : List.of("true", "false")) {
            String flat = "flat-" + fused;
            String dilated = "dilated-from-" + fused;
            String back = "back-" + fused;
            CliRunner c = run("convert", "--run", flat, "--to", "dilated", "--out", dilated);
            assertEquals(0, c.exitCode(), c.err());
            assertTrue(c.out().contains("converted run " + flat + ", checkpoint step-00000150.zip (step 150), from the flatten "
                    + "model to the dilated model"), c.out());
            List<Double> expected = losses(flat);
            assertSameLosses(expected, losses(dilated));
            // the same distributions, the same draws: the same items for a seed (up to float rounding at a draw's edge)
            assertEquals(sample(flat), sample(dilated));

            c = run("convert", "--run", dilated, "--to", "flatten", "--out", back);
            assertEquals(0, c.exitCode(), c.err());
            assertSameLosses(expected, losses(back));
            // the source's config, with the fused layers (the dilated model's model.fused is true)
            Config config = ConfigLoader.load(root.resolve(back).resolve("config.yaml"), List.of());
            Config original = ConfigLoader.load(root.resolve(flat).resolve("config.yaml"), List.of());
            ModelConfig m = original.model();
            assertEquals(new Config(original.data(), new ModelConfig(m.type(), m.blockSize(), m.nEmbd(), m.nHidden(), m.flatten(),
                    m.batchNorm(), m.activation(), true), original.train(), original.checkpoint()), config);
        }
    }

    @Test
    void convertsTheBestCheckpoint() {
        CliRunner c = run("convert", "--run", "flat-true", "--best", "--to", "dilated", "--out", "best-dilated");
        assertEquals(0, c.exitCode(), c.err());
        assertSameLosses(losses("flat-true", "--best"), losses("best-dilated"));
        assertSameLosses(losses("flat-true", "--best"), losses("best-dilated", "--best"));
    }

    @Test
    void theNewRunRecordsItsSource() throws Exception {
        CliRunner c = run("convert", "--run", "flat-true", "--to", "dilated", "--out", "recorded");
        assertEquals(0, c.exitCode(), c.err());
        Path run = root.resolve("recorded");
        assertEquals(ModelKind.DILATED, ConfigLoader.load(run.resolve("config.yaml"), List.of()).model().type());
        assertEquals(Files.readString(root.resolve("flat-true/vocab.json")), Files.readString(run.resolve("vocab.json")));
        ObjectMapper json = new ObjectMapper();
        JsonNode source = json.readTree(root.resolve("flat-true/provenance.json").toFile());
        JsonNode provenance = json.readTree(run.resolve("provenance.json").toFile());
        assertEquals(source.get("dataset_sha256"), provenance.get("dataset_sha256"));
        assertEquals(150, provenance.get("step").asInt());
        JsonNode from = provenance.get("converted_from");
        assertEquals(root.resolve("flat-true").toString(), from.get("run").asText());
        assertEquals("step-00000150.zip", from.get("checkpoint").asText());
        assertEquals(json.readTree(root.resolve("flat-true/step-00000150.json").toFile()).get("sha256"), from.get("sha256"));
        assertEquals("flatten (fused)", from.get("model_type").asText());
        assertFalse(source.has("converted_from"), "a trained run's provenance has no converted_from");
        try (Stream<Path> files = Files.list(run)) {
            assertEquals(List.of("best-00000150.zip", "step-00000150.zip"),
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip")).sorted().toList());
        }
        // training continues from the converted checkpoint, at its step, as the new model type
        CliRunner resumed = TestRuns.run(TestRuns.resume(root, "recorded", "train.steps=170", "train.samples=0"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(Files.readString(run.resolve("train.log")).contains("resuming from step-00000150.zip"));
        assertEquals(170, json.readTree(run.resolve("metrics.json").toFile()).get("step").asInt());
    }
}
