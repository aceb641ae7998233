package io.makemore4j.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @Test
    void defaultsAreTheReferenceRecipe() {
        Config c = ConfigLoader.defaults();
        assertEquals("datasets/names.txt", c.data().path());
        assertEquals(List.of(0.8, 0.1, 0.1), c.data().split());
        assertEquals(42L, c.data().seed());
        assertEquals(8, c.model().blockSize());
        assertEquals(10, c.model().nEmbd());
        assertEquals(128, c.model().nHidden());
        assertEquals(List.of(2, 2, 2), c.model().flatten());
        assertEquals(20_000, c.train().steps());
        assertEquals(32, c.train().batchSize());
        assertEquals(TrainConfig.Optimizer.SGD, c.train().optimizer());
        assertEquals(0.1, c.train().lr());
        assertEquals(TrainConfig.Schedule.STEP, c.train().schedule());
        assertEquals(2, c.checkpoint().keepLast());
    }

    @Test
    void defaultPresetListsExactlyTheDefaults() {
        assertEquals(ConfigLoader.defaults(), ConfigLoader.load(Path.of("config/wavenet.yaml"), List.of()));
    }

    @Test
    void presetsLoad() {
        assertEquals(24, ConfigLoader.load(Path.of("config/wavenet-76k.yaml"), List.of()).model().nEmbd());
        Config mlp = ConfigLoader.load(Path.of("config/mlp.yaml"), List.of());
        assertEquals(List.of(3), mlp.model().flatten());
        assertEquals(200, mlp.model().nHidden());
        assertTrue(ConfigLoader.load(Path.of("config/tiny.yaml"), List.of()).train().steps() <= 1000);
    }

    @Test
    void overridesUseDottedPathsAndYamlValues() {
        Config c = ConfigLoader.load(Path.of("config/wavenet.yaml"),
                List.of("model.n_embd=24", "data.split=[0.9, 0.05, 0.05]", "train.lr=1e-3", "data.path=/tmp/a b:c.txt",
                        "model.batch_norm=false", "train.optimizer=AdamW"));
        assertEquals(24, c.model().nEmbd());
        assertEquals(List.of(0.9, 0.05, 0.05), c.data().split());
        assertEquals(1e-3, c.train().lr());
        assertEquals("/tmp/a b:c.txt", c.data().path());
        assertFalse(c.model().batchNorm());
        assertEquals(TrainConfig.Optimizer.ADAMW, c.train().optimizer());
    }

    @Test
    void resolvedConfigSurvivesAYamlRoundTrip() {
        Config c = ConfigLoader.load(Path.of("config/mlp.yaml"), List.of("train.lr=0.05", "data.lowercase=true"));
        assertEquals(c, ConfigLoader.parse(ConfigLoader.toYaml(c), "round trip", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "model:\\n  n_embed: 10|config test.yaml line 2: unknown key 'model.n_embed' (did you mean 'model.n_embd'?)",
            "modle:\\n  n_embd: 10|config test.yaml line 1: unknown section 'modle' (did you mean 'model'?)",
            "train:\\n  lr: fast|config test.yaml line 2: train.lr must be a number, got 'fast'",
            "train:\\n  steps: 1.5|config test.yaml line 2: train.steps must be an integer, got 1.5",
            "model:\\n  n_hidden: 0|config test.yaml line 2: model.n_hidden must be positive, got 0",
            "model:\\n  n_embd: -3|config test.yaml line 2: model.n_embd must be positive, got -3",
            "model:\\n  flatten: [2, 2]|config test.yaml line 2: model.flatten [2, 2] multiplies to 4, but model.block_size is 8",
            "data:\\n  split: [0.8, 0.1, 0.2]|config test.yaml line 2: data.split must sum to 1",
            "data:\\n  split: [0.9, 0.1]|config test.yaml line 2: data.split must have three fractions",
            "- a\\n- b|config test.yaml line 1: must be a mapping of sections",
            "model: [1, 2]|config test.yaml line 1: section 'model' must be a mapping of keys, not a list",
            "train:\\n  optimizer: rmsprop|config test.yaml line 2: train.optimizer must be one of sgd, adam, adamw, got 'rmsprop'",
            "model:\\n  batch_norm: 3|config test.yaml line 2: model.batch_norm must be true or false, got 3",
            "train:\\n  lr: .nan|config test.yaml line 2: train.lr must be a finite number",
            "model:\\n  n_embd:|config test.yaml line 2: model.n_embd must be an integer, got nothing",
            "train: {steps: 10, lr: [0.1\\n|config test.yaml line 2: not valid YAML",
    })
    void invalidConfigsNameTheirKey(String yaml, String expected) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ConfigLoader.parse(yaml.replace("\\n", "\n"), "test.yaml", List.of()));
        assertTrue(e.getMessage().startsWith(expected), () -> "got: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void invalidOverridesNameTheOverride() {
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> ConfigLoader.load(null, List.of("train.step=5")));
        assertEquals("--set train.step=5: unknown key 'train.step' (did you mean 'train.steps'?)", unknown.getMessage());
        BadInputException noValue = assertThrows(BadInputException.class, () -> ConfigLoader.load(null, List.of("train.steps")));
        assertTrue(noValue.getMessage().startsWith("--set expects key=value"));
        BadInputException bad = assertThrows(BadInputException.class, () -> ConfigLoader.load(null, List.of("model.block_size=4")));
        assertTrue(bad.getMessage().contains("model.flatten [2, 2, 2] multiplies to 8, but model.block_size is 4"), bad.getMessage());
        BadInputException far = assertThrows(BadInputException.class, () -> ConfigLoader.load(null, List.of("colour=red")));
        assertEquals("--set colour=red: unknown key 'colour'", far.getMessage());
    }

    @Test
    void missingAndDirectoryConfigFilesAreNamed(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assertEquals("config " + tmp.resolve("nope.yaml") + " does not exist",
                assertThrows(BadInputException.class, () -> ConfigLoader.load(tmp.resolve("nope.yaml"), List.of())).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> ConfigLoader.load(tmp, List.of())).getMessage().contains("is a directory"));
        Path latin1 = tmp.resolve("latin1.yaml");
        Files.write(latin1, new byte[]{'a', ':', ' ', (byte) 0xE9});
        assertTrue(assertThrows(BadInputException.class, () -> ConfigLoader.load(latin1, List.of())).getMessage().contains("not UTF-8"));
        Path empty = tmp.resolve("empty.yaml");
        Files.writeString(empty, "");
        assertEquals(ConfigLoader.defaults(), ConfigLoader.load(empty, List.of()));
    }
}
