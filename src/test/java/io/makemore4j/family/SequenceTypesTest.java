package io.makemore4j.family;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.model.ModelSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sequence model types through the registry: the presets' sizes are makemore.py's, and too-long items are refused. */
class SequenceTypesTest {

    /** Trainable parameters of each preset on a 27-character vocabulary, as makemore.py counts them (mlp: less its padding token). */
    private static final Map<String, Long> MAKEMORE_COUNTS = Map.of(
            "config/gru.yaml", 28_315L,
            "config/rnn.yaml", 11_803L,
            "config/bow.yaml", 12_827L,
            "config/bigram.yaml", 729L,
            "config/mlp-makemore.yaml", 69_083L,
            "config/lstm.yaml", 36_507L);

    @Test
    void presetsHaveMakemoresParameterCounts() {
        for (Map.Entry<String, Long> e : MAKEMORE_COUNTS.entrySet()) {
            Config c = ConfigLoader.load(Path.of(e.getKey()), List.of());
            assertEquals(e.getValue(), ModelSummary.of(ModelFamily.configuration(c, 27)).trainableParams(), e.getKey());
            assertEquals(e.getValue(), ModelFamily.build(c, 27).numParams(), e.getKey() + ": numParams, no running statistics");
        }
    }

    @Test
    void theSummaryShowsEachLayerPerPosition() {
        Config gru = ConfigLoader.load(Path.of("config/gru.yaml"), List.of());
        List<ModelSummary.Row> rows = ModelSummary.of(ModelFamily.configuration(gru, 27)).rows();
        assertEquals(List.of("embedding Embedding (B, T, 64) 1728", "cell GRU (B, T, 64) 24832", "out Linear+Softmax (B*T, 27) 1755"),
                rows.stream().map(r -> r.name() + " " + r.kind() + " " + r.outputShape() + " " + r.trainableParams()).toList());
        Config bigram = ConfigLoader.load(Path.of("config/bigram.yaml"), List.of());
        ModelSummary.Row table = ModelSummary.of(ModelFamily.configuration(bigram, 27)).rows().get(0);
        assertEquals("Bigram table+Softmax (B*T, 27)", table.kind() + " " + table.outputShape());
    }

    @Test
    void itemsLongerThanTheBlockAllowsAreRefusedWithTheirLine(@TempDir Path dir) throws IOException {
        Path corpus = Files.writeString(dir.resolve("names.txt"), "emma\nolivia\n\nalexandra\nava\nmia\nzoe\nleo\nmax\nsam\nnoa\n");
        Config c = ConfigLoader.load(Path.of("config/gru.yaml"), List.of("data.path=" + corpus, "model.block_size=8"));
        PreparedData data = PreparedData.load(c.data(), c.model().blockSize());
        BadInputException e = assertThrows(BadInputException.class, () -> ModelFamily.of(c.model().type()).checkData(c, data));
        assertEquals("corpus " + corpus + " line 4: item is 9 characters long, more than model.block_size 8 allows for model.type gru"
                + " (7: an item's characters and its end are its positions)", e.getMessage());
        Config wide = ConfigLoader.load(Path.of("config/gru.yaml"), List.of("data.path=" + corpus, "model.block_size=10"));
        ModelFamily.of(wide.model().type()).checkData(wide, PreparedData.load(wide.data(), 10));
    }
}
