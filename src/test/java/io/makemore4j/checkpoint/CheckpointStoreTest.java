package io.makemore4j.checkpoint;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.ModelConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint files: what is written, what a load checks, and what an interrupted write leaves. */
class CheckpointStoreTest {

    static final List<String> VOCAB = List.of(".", "a", "b", "c", "d");
    static ComputationGraph graph;

    @TempDir
    Path dir;

    @BeforeAll
    static void tinyGraph() {
        graph = TestGraphs.build(new ModelConfig(ModelKind.FLATTEN, 4, 3, 5, List.of(2, 2), true, Activation.TANH, false), VOCAB.size(), 1);
    }

    private List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCheckpointRoundTripsWithItsVocabularyAndChecksum() {
        CheckpointManifest written = new CheckpointStore(dir, 2, VOCAB).save(at(graph, 10), 10, 2.5);
        assertEquals(VOCAB, written.vocabulary());
        assertEquals(AtomicFiles.sha256(dir.resolve("step-00000010.zip")), written.sha256());
        CheckpointStore.Loaded loaded = CheckpointStore.load(dir.resolve("step-00000010.zip"));
        assertEquals(written, loaded.manifest());
        assertEquals(graph.params(), loaded.graph().params());
    }

    /**
     * A run that averages its weights saves the average as the model and the trained weights beside
     * it; both load back bit for bit, and DL4J's own loader reads the zip as the averaged model.
     */
    @Test
    void anAveragedCheckpointKeepsTheTrainedWeightsBesideItsModel() throws Exception {
        INDArray trained = graph.params().add(0.25);   // (1, numParams), unlike the model's
        new CheckpointStore(dir, 2, VOCAB).save(at(graph, 10), trained, 10, 2.5);
        new CheckpointStore(dir, 2, VOCAB).saveBest(at(graph, 10), trained, 10, 2.5);
        for (String zip : List.of("step-00000010.zip", "best-00000010.zip")) {
            CheckpointStore.Loaded loaded = CheckpointStore.load(dir.resolve(zip));
            assertEquals(graph.params(), loaded.graph().params(), zip);
            assertEquals(trained.reshape(1, trained.length()), loaded.trainedParams(), zip);   // saved as (1, numParams)
            assertEquals(graph.params(), ModelSerializer.restoreComputationGraph(dir.resolve(zip).toFile(), true).params(), zip);
        }
        new CheckpointStore(dir, 2, VOCAB).save(at(graph, 20), 20, 2.5);
        assertNull(CheckpointStore.load(dir.resolve("step-00000020.zip")).trainedParams(), "a run without an average saves none");
    }

    @Test
    void keepsTheLastKeepLastAndFallsBackPastADamagedOne() throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 2, VOCAB);
        for (int step = 10; step <= 30; step += 10) {
            store.save(at(graph, step), step, null);
        }
        assertEquals(List.of("step-00000020.json", "step-00000020.zip", "step-00000030.json", "step-00000030.zip"), files());
        Files.write(dir.resolve("step-00000030.zip"), new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        List<String> skipped = new ArrayList<>();
        assertEquals(20, store.latest(skipped::add).orElseThrow().manifest().step());
        assertEquals(List.of("checkpoint " + dir.resolve("step-00000030.zip") + " is damaged: its SHA-256 does not match step-00000030.json"),
                skipped);
    }

    @Test
    void theBestGetsANewZipEachTimeAndItsManifestCommitsIt() throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 2, VOCAB);
        store.saveBest(at(graph, 10), 10, 3.0);
        store.saveBest(at(graph, 20), 20, 2.0);
        assertEquals(List.of("best-00000020.zip", "best.json"), files());
        assertEquals(20, store.best().manifest().step());
        assertEquals(20, CheckpointStore.load(dir.resolve("best-00000020.zip")).manifest().step());

        // killed between the new zip and its manifest: best.json still names a complete zip
        Files.copy(dir.resolve("best-00000020.zip"), dir.resolve("best-00000030.zip"));
        assertEquals(20, store.best().manifest().step());
        BadInputException stale = assertThrows(BadInputException.class, () -> CheckpointStore.load(dir.resolve("best-00000030.zip")));
        assertTrue(stale.getMessage().contains("is not the one best.json names (best-00000020.zip)"), stale.getMessage());
        store.save(at(graph, 30), 30, null);   // the next save removes the leftover
        assertEquals(List.of("best-00000020.zip", "best.json", "step-00000030.json", "step-00000030.zip"), files());
    }

    @Test
    void leftoversOfAnInterruptedWriteAreIgnoredThenRemoved() throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 2, VOCAB);
        store.save(at(graph, 10), 10, null);
        Files.copy(dir.resolve("step-00000010.zip"), dir.resolve("step-00000020.zip"));   // zip in place, no manifest
        Files.writeString(dir.resolve(".step-00000030.zip.tmp"), "half a zip");          // zip not yet renamed
        Files.writeString(dir.resolve(".best.json.tmp"), "{\"format_ver");              // manifest not yet renamed
        List<String> skipped = new ArrayList<>();
        assertEquals(10, store.latest(skipped::add).orElseThrow().manifest().step());
        assertEquals(List.of(), skipped);
        store.save(at(graph, 20), 20, null);
        assertEquals(List.of("step-00000010.json", "step-00000010.zip", "step-00000020.json", "step-00000020.zip"), files());
    }

    /** The graph as if trained {@code step} steps: a checkpoint's manifest must agree with its network's iteration count. */
    private static org.deeplearning4j.nn.graph.ComputationGraph at(org.deeplearning4j.nn.graph.ComputationGraph graph, int step) {
        graph.getConfiguration().setIterationCount(step);
        return graph;
    }

    @Test
    void format2RecordsShapesAndModelAndFormat1ManifestsAreStillRead(@TempDir Path dir) throws Exception {
        java.util.Map<String, Object> model = java.util.Map.of("model.n_hidden", 5);
        CheckpointManifest written = new CheckpointStore(dir, 2, VOCAB, model, io.makemore4j.train.Faults.NONE)
                .save(at(graph, 10), 10, 2.5);
        assertEquals(2, written.formatVersion());
        assertEquals(model, written.model());
        assertEquals(CheckpointManifest.shapes(graph), written.parameters());
        assertEquals(graph.numParams(), written.parameters().values().stream()
                .mapToLong(shape -> shape.stream().reduce(1L, (a, b) -> a * b)).sum(), written.parameters().toString());
        // as version 1 wrote it: no model, no parameters
        Path manifest = dir.resolve("step-00000010.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(manifest.toFile());
        node.remove("model");
        node.remove("parameters");
        node.put("format_version", 1);
        json.writeValue(manifest.toFile(), node);
        CheckpointStore.Loaded old = CheckpointStore.load(manifest);
        assertEquals(1, old.manifest().formatVersion());
        assertEquals(graph.params(), old.graph().params());
        // a version 2 manifest must have its shapes
        node.put("format_version", 2);
        json.writeValue(manifest.toFile(), node);
        BadInputException e = assertThrows(BadInputException.class, () -> CheckpointStore.load(manifest));
        assertTrue(e.getMessage().endsWith(": parameters (their shapes) are missing (the file was edited or damaged)"), e.getMessage());
    }
}
