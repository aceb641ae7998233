package io.makemore4j.family;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.model.ModelSummary;
import io.makemore4j.sample.IncrementalSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code model.type: transformer} through the registry: makemore.py's parameter count, its data limits, its sampler. */
class TransformerTypeTest {

    @Test
    void presetHasMakemoresParameterCount() {
        Config c = ConfigLoader.load(Path.of("config/transformer.yaml"), List.of());
        assertEquals(204_544L, ModelSummary.of(ModelFamily.configuration(c, 27)).trainableParams());
        assertEquals(204_544L, ModelFamily.build(c, 27).numParams());
        Config wider = ConfigLoader.load(Path.of("config/transformer.yaml"), List.of("model.n_layer=2", "model.n_embd=32",
                "model.n_head=8"));
        // per block 12 C^2 + 13 C; embeddings (27 + 16) C; final LayerNorm 2 C; head 27 C
        long w = 32;
        assertEquals(2 * (12 * w * w + 13 * w) + 43 * w + 2 * w + 27 * w, ModelFamily.build(wider, 27).numParams());
    }

    @Test
    void itemsLongerThanTheBlockAllowsAreRefusedWithTheirLine(@TempDir Path dir) throws IOException {
        Path corpus = Files.writeString(dir.resolve("names.txt"), "emma\nolivia\n\nalexandra\nava\nmia\nzoe\nleo\nmax\nsam\nnoa\n");
        Config c = ConfigLoader.load(Path.of("config/transformer.yaml"), List.of("data.path=" + corpus, "model.block_size=8"));
        PreparedData data = PreparedData.load(c.data(), c.model().blockSize());
        BadInputException e = assertThrows(BadInputException.class, () -> ModelFamily.of(c.model().type()).checkData(c, data));
        assertTrue(e.getMessage().startsWith("corpus " + corpus + " line 4: item is 9 characters long, more than model.block_size 8"),
                e.getMessage());
    }

    @Test
    void samplesIncrementally() {
        Config c = ConfigLoader.load(Path.of("config/transformer.yaml"), List.of("model.n_layer=1", "model.n_embd=8"));
        PreparedData data = PreparedData.load(c.data(), c.model().blockSize());
        assertInstanceOf(IncrementalSampler.class, ModelFamily.of(c.model().type()).sampler(ModelFamily.build(c,
                data.vocabulary().size()), c, data.vocabulary()));
    }
}
