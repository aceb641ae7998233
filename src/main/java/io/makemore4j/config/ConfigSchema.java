package io.makemore4j.config;

import io.makemore4j.config.ConfigKey.Constraint;
import io.makemore4j.config.ConfigKey.Type;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key with its type, default and constraint: the one place a key is declared.
 * The defaults are the reference recipe (the published hierarchical model on the names corpus).
 */
final class ConfigSchema {

    /** All keys by dotted name, in the order they are documented and written. */
    static final Map<String, ConfigKey> KEYS = declare();

    private ConfigSchema() {
    }

    private static Map<String, ConfigKey> declare() {
        Map<String, ConfigKey> keys = new LinkedHashMap<>();
        // data: where the items come from and how they are split
        add(keys, "data.path", Type.STRING, "datasets/names.txt", Constraint.NONE);
        choice(keys, "data.format", DataConfig.Format.LINES);
        add(keys, "data.column", Type.STRING, "0", Constraint.NONE);
        add(keys, "data.header", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "data.lowercase", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "data.max_length", Type.INT, 64, Constraint.POSITIVE);
        add(keys, "data.split", Type.DOUBLE_LIST, List.of(0.8, 0.1, 0.1), Constraint.NONE);
        add(keys, "data.seed", Type.LONG, 42L, Constraint.NONE);
        // model: the network
        choice(keys, "model.type", ModelKind.FLATTEN);
        add(keys, "model.block_size", Type.INT, 8, Constraint.POSITIVE);
        add(keys, "model.n_embd", Type.INT, 10, Constraint.POSITIVE);
        add(keys, "model.n_hidden", Type.INT, 128, Constraint.POSITIVE);
        add(keys, "model.flatten", Type.INT_LIST, List.of(2, 2, 2), Constraint.POSITIVE_LIST);
        add(keys, "model.batch_norm", Type.BOOLEAN, true, Constraint.NONE);
        choice(keys, "model.activation", Activation.TANH.configName(), Activation.choices().toArray(new String[0]));
        add(keys, "model.fused", Type.BOOLEAN, true, Constraint.NONE);
        add(keys, "model.gated", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "model.residual", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "model.skip", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "model.dropout", Type.DOUBLE, 0.0, Constraint.NON_NEGATIVE);
        add(keys, "model.n_embd2", Type.INT, ModelConfig.DEFAULT_N_EMBD2, Constraint.POSITIVE);
        add(keys, "model.n_layer", Type.INT, ModelConfig.DEFAULT_N_LAYER, Constraint.POSITIVE);
        add(keys, "model.n_head", Type.INT, ModelConfig.DEFAULT_N_HEAD, Constraint.POSITIVE);
        // train: the optimisation recipe
        add(keys, "train.steps", Type.INT, 20_000, Constraint.POSITIVE);
        add(keys, "train.batch_size", Type.INT, 32, Constraint.POSITIVE);
        choice(keys, "train.optimizer", TrainConfig.Optimizer.SGD);
        add(keys, "train.lr", Type.DOUBLE, 0.1, Constraint.POSITIVE);
        choice(keys, "train.schedule", TrainConfig.Schedule.STEP);
        add(keys, "train.decay_at", Type.DOUBLE, 0.75, Constraint.FRACTION);
        add(keys, "train.decay_factor", Type.DOUBLE, 0.1, Constraint.POSITIVE);
        add(keys, "train.min_lr", Type.DOUBLE, 0.0, Constraint.NON_NEGATIVE);
        add(keys, "train.warmup_steps", Type.INT, 0, Constraint.NON_NEGATIVE);
        add(keys, "train.momentum", Type.DOUBLE, 0.0, Constraint.FRACTION);
        add(keys, "train.beta1", Type.DOUBLE, 0.9, Constraint.OPEN_FRACTION);
        add(keys, "train.beta2", Type.DOUBLE, 0.999, Constraint.OPEN_FRACTION);
        add(keys, "train.weight_decay", Type.DOUBLE, 0.0, Constraint.NON_NEGATIVE);
        add(keys, "train.seed", Type.LONG, 42L, Constraint.NONE);
        add(keys, "train.eval_every", Type.INT, 1000, Constraint.POSITIVE);
        add(keys, "train.checkpoint_every", Type.INT, 5000, Constraint.POSITIVE);
        add(keys, "train.log_every", Type.INT, 1000, Constraint.POSITIVE);
        add(keys, "train.diverge_loss", Type.DOUBLE, 100.0, Constraint.POSITIVE);
        add(keys, "train.samples", Type.INT, 10, Constraint.NON_NEGATIVE);
        choice(keys, "train.predict", TrainConfig.Predict.SAMPLED);
        add(keys, "train.eval_rows", Type.INT, 200_000, Constraint.POSITIVE);
        // checkpoint: what a run keeps on disk
        add(keys, "checkpoint.keep_last", Type.INT, 2, Constraint.POSITIVE);
        add(keys, "checkpoint.min_free_mb", Type.LONG, 50L, Constraint.NON_NEGATIVE);
        return Collections.unmodifiableMap(keys);
    }

    private static void add(Map<String, ConfigKey> keys, String name, Type type, Object defaultValue,
                            Constraint constraint) {
        keys.put(name, new ConfigKey(name, type, defaultValue, List.of(), constraint));
    }

    /** A key whose values are an enum's constants, written in lower case in YAML. */
    private static void choice(Map<String, ConfigKey> keys, String name, Enum<?> defaultValue) {
        List<String> choices = java.util.Arrays.stream(defaultValue.getDeclaringClass().getEnumConstants())
                .map(ConfigValues::yamlName).toList();
        keys.put(name, new ConfigKey(name, Type.CHOICE, ConfigValues.yamlName(defaultValue), choices, Constraint.NONE));
    }

    /** A key whose values are the given strings. */
    private static void choice(Map<String, ConfigKey> keys, String name, String defaultValue, String... choices) {
        keys.put(name, new ConfigKey(name, Type.CHOICE, defaultValue, List.of(choices), Constraint.NONE));
    }
}
