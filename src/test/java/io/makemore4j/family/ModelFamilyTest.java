package io.makemore4j.family;

import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.ModelKind;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry: every model.type has an entry, and the one builder takes everything from the config. */
class ModelFamilyTest {

    private static Config tiny(String... overrides) {
        return ConfigLoader.load(Path.of("config/tiny.yaml"), List.of(overrides));
    }

    @Test
    void everyModelTypeIsRegistered() {
        for (ModelKind kind : ModelKind.values()) {
            assertNotNull(ModelFamily.of(kind), kind.toString());
            Config c = tiny("model.type=" + kind.yamlName());
            assertEquals(c.model().type(), kind);
            assertTrue(ModelFamily.build(c, 27).numParams() > 0, kind.toString());
        }
    }

    @Test
    void theGraphTakesUpdaterWeightDecayAndSeedFromTheTrainSection() {
        ComputationGraph g = ModelFamily.build(tiny("train.optimizer=adamw", "train.weight_decay=0.5", "train.lr=0.01"), 27);
        BaseLayer out = (BaseLayer) g.getOutputLayer(0).conf().getLayer();
        assertInstanceOf(Adam.class, out.getIUpdater());
        assertTrue(out.getRegularization().stream().anyMatch(r -> r instanceof WeightDecay w && w.getCoeff().valueAt(0, 0) == 0.5),
                out.getRegularization().toString());
        // plain adam: no weight decay, even with the key set to 0
        BaseLayer plain = (BaseLayer) ModelFamily.build(tiny("train.optimizer=adam"), 27).getOutputLayer(0).conf().getLayer();
        assertTrue(plain.getRegularization().stream().noneMatch(r -> r instanceof WeightDecay), plain.getRegularization().toString());
        assertEquals(ModelFamily.build(tiny("train.seed=3"), 27).params(), ModelFamily.build(tiny("train.seed=3"), 27).params());
        assertNotEquals(ModelFamily.build(tiny("train.seed=3"), 27).params(), ModelFamily.build(tiny("train.seed=4"), 27).params());
    }
}
