package io.makemore4j.run;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.DataLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.ItemEvaluator;
import io.makemore4j.eval.SplitEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryPlanTest {

    private static final long GB = 1L << 30;

    @TempDir
    Path dir;

    private Config config(Path corpus, String... overrides) {
        List<String> sets = new java.util.ArrayList<>(List.of("data.path=" + corpus));
        sets.addAll(List.of(overrides));
        return ConfigLoader.load(Path.of("config/wavenet.yaml"), sets);
    }

    private PreparedData data(Config config) {
        return new DataLoader(null, null).load(config.data(), config.model().blockSize());
    }

    @Test
    void theDefaultRunFitsTheLaunchersLimit() {
        Config c = config(Path.of("datasets/names.txt"));
        MemoryPlan plan = MemoryPlan.of(c, data(c));
        assertDoesNotThrow(() -> plan.check(c, 27, GB));
        assertTrue(plan.totalBytes() < 256L << 20, "the default model needs little: " + plan);
    }

    /** The average of the weights (train.ema) is one more copy of the parameters; nothing else changes. */
    @Test
    void anAverageOfTheWeightsAddsOneCopyOfTheParameters() {
        Config plain = config(Path.of("datasets/names.txt"), "train.optimizer=adam", "train.lr=0.001");
        Config averaged = config(Path.of("datasets/names.txt"), "train.optimizer=adam", "train.lr=0.001", "train.ema=0.999");
        MemoryPlan without = MemoryPlan.of(plain, data(plain));
        MemoryPlan with = MemoryPlan.of(averaged, data(averaged));
        assertEquals(without.parameterBytes() + 4 * without.parameters(), with.parameterBytes());
        assertEquals(without.activationBytes(), with.activationBytes());
    }

    /**
     * Each type is planned with its own evaluator's passes: the flatten model's whole splits of
     * contexts in chunks of SplitEvaluator.CHUNK rows, a sequence model's whole items in
     * ItemEvaluator.CHUNK (16 times fewer), so that a transformer is not refused for memory its
     * evaluation never takes.
     */
    @Test
    void eachTypeIsPlannedWithItsEvaluatorsChunk() {
        Config flatten = config(Path.of("datasets/names.txt"));
        Config transformer = ConfigLoader.load(Path.of("config/transformer.yaml"), List.of("data.path=datasets/names.txt"));
        assertEquals(SplitEvaluator.CHUNK, MemoryPlan.of(flatten, data(flatten)).evaluationRows());
        assertEquals(ItemEvaluator.CHUNK, MemoryPlan.of(transformer, data(transformer)).evaluationRows());
    }

    @Test
    void aBatchTooLargeIsRefusedNamingItsKey() {
        Config c = config(Path.of("datasets/names.txt"), "train.batch_size=1000000");
        MemoryPlan plan = MemoryPlan.of(c, data(c));
        BadInputException e = assertThrows(BadInputException.class, () -> plan.check(c, 27, GB));
        assertTrue(e.getMessage().startsWith("train.batch_size 1000000: training needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("activations of 1,000,000 rows"), e.getMessage());
        assertTrue(e.getMessage().contains("of the 1,024 MB that ND4J may use here; lower train.batch_size"), e.getMessage());
    }

    @Test
    void aLargeVocabularyIsRefusedNamingTheCorpusWhenItsOutputLayerIsTooLarge() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            text.appendCodePoint(0x4E00 + i % 20_000).appendCodePoint(0x4E00 + (i * 7) % 20_000).append('\n');
        }
        Path cjk = Files.writeString(dir.resolve("cjk.txt"), text);
        Config c = config(cjk, "model.n_hidden=1024", "train.optimizer=adam", "train.lr=0.001");
        MemoryPlan plan = MemoryPlan.of(c, data(c));
        BadInputException e = assertThrows(BadInputException.class, () -> plan.check(c, 20_001, GB / 4));
        assertTrue(e.getMessage().startsWith("data.path " + cjk + " (a vocabulary of 20001 characters): training needs about "),
                e.getMessage());
        assertTrue(e.getMessage().contains("lower model.n_hidden"), e.getMessage());
    }
}
