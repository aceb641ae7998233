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
public final class ConfigSchema {

    /** Characters in an item: beyond a line of text, not what a character model of items is for. */
    public static final int MAX_ITEM = 100_000;
    /** Widths and the context (characters, channels): beyond them no model fits any machine's memory. */
    public static final int MAX_WIDTH = 65_536;
    /** Flatten stages (or dilated layers). */
    public static final int MAX_STAGES = 32;
    /** Optimiser steps: days of training at the fastest rate measured. */
    public static final int MAX_STEPS = 100_000_000;
    /** Rows per step. */
    public static final int MAX_BATCH = 16_777_216;
    /** Learning rates. */
    public static final double MAX_LR = 1000;
    /** Decoupled weight decay. */
    public static final double MAX_DECAY = 100;
    /** Items sampled at the end of training ({@code sample -n} has the same bound). */
    public static final int MAX_SAMPLES = 1_000_000;
    /** Data-parallel replicas of the model: more threads than any machine here has cores. */
    public static final int MAX_REPLICAS = 256;

    /** All keys by dotted name, in the order they are documented and written. */
    static final Map<String, ConfigKey> KEYS = declare();

    private ConfigSchema() {
    }

    /**
     * The range of every numeric key ({@code int}, {@code long} or {@code double}; of each entry for a
     * list), by name, with its type's name ({@code int}, {@code long}, {@code double}, {@code int list}).
     */
    public static Map<String, Map.Entry<String, Range>> numericKeys() {
        Map<String, Map.Entry<String, Range>> ranges = new LinkedHashMap<>();
        for (ConfigKey key : KEYS.values()) {
            if (key.constraint() instanceof Range range) {
                ranges.put(key.name(), Map.entry(key.type().name().toLowerCase(java.util.Locale.ROOT), range));
            }
        }
        ranges.put("model.flatten", Map.entry("int list", Range.positive(MAX_WIDTH, "")));
        return Collections.unmodifiableMap(ranges);
    }

    private static Map<String, ConfigKey> declare() {
        Map<String, ConfigKey> keys = new LinkedHashMap<>();
        // data: where the items come from and how they are split
        add(keys, "data.path", Type.STRING, "datasets/names.txt", Constraint.NONE);
        choice(keys, "data.format", DataConfig.Format.LINES);
        add(keys, "data.column", Type.STRING, "0", Constraint.NONE);
        add(keys, "data.header", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "data.lowercase", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "data.max_length", Type.INT, 64, Range.positive(MAX_ITEM, "characters in an item"));
        add(keys, "data.split", Type.DOUBLE_LIST, List.of(0.8, 0.1, 0.1), Constraint.NONE);
        add(keys, "data.seed", Type.LONG, 42L, Constraint.NONE);
        add(keys, "data.train_path", Type.STRING, "", Constraint.NONE);   // split files: "" when data.path is split
        add(keys, "data.val_path", Type.STRING, "", Constraint.NONE);
        add(keys, "data.test_path", Type.STRING, "", Constraint.NONE);
        // model: the network
        choice(keys, "model.type", ModelKind.FLATTEN);
        add(keys, "model.block_size", Type.INT, 8, Range.positive(MAX_WIDTH, "characters of context"));
        add(keys, "model.n_embd", Type.INT, 10, Range.positive(MAX_WIDTH, "numbers per character"));
        add(keys, "model.n_hidden", Type.INT, 128, Range.positive(MAX_WIDTH, "channels of a stage"));
        add(keys, "model.flatten", Type.INT_LIST, List.of(2, 2, 2), Constraint.list(MAX_STAGES, Range.positive(MAX_WIDTH, "")));
        add(keys, "model.batch_norm", Type.BOOLEAN, true, Constraint.NONE);
        choice(keys, "model.activation", Activation.TANH.configName(), Activation.choices().toArray(new String[0]));
        add(keys, "model.fused", Type.BOOLEAN, true, Constraint.NONE);
        add(keys, "model.gated", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "model.residual", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "model.skip", Type.BOOLEAN, false, Constraint.NONE);
        add(keys, "model.dropout", Type.DOUBLE, 0.0, new Range(0, false, 1, true, "the fraction of outputs zeroed"));
        add(keys, "model.n_embd2", Type.INT, ModelConfig.DEFAULT_N_EMBD2, Range.positive(MAX_WIDTH, "channels of a recurrent state"));
        add(keys, "model.n_layer", Type.INT, ModelConfig.DEFAULT_N_LAYER, Range.positive(ConfigValidator.MAX_LAYERS, ""));
        add(keys, "model.n_head", Type.INT, ModelConfig.DEFAULT_N_HEAD, Range.positive(MAX_WIDTH, "attention heads"));
        // train: the optimisation recipe
        add(keys, "train.steps", Type.INT, 20_000, Range.positive(MAX_STEPS, "optimiser steps"));
        add(keys, "train.batch_size", Type.INT, 32, Range.positive(MAX_BATCH, "rows per step; memory bounds it further"));
        choice(keys, "train.optimizer", TrainConfig.Optimizer.SGD);
        add(keys, "train.lr", Type.DOUBLE, 0.1, Range.positive(MAX_LR, "a larger step sends float weights out of range at once"));
        choice(keys, "train.schedule", TrainConfig.Schedule.STEP);
        add(keys, "train.decay_at", Type.DOUBLE, 0.75, Range.fraction());
        add(keys, "train.decay_factor", Type.DOUBLE, 0.1, Range.positive(1, "a decay lowers the learning rate"));
        add(keys, "train.min_lr", Type.DOUBLE, 0.0, Range.nonNegative(MAX_LR, "as train.lr"));
        add(keys, "train.warmup_steps", Type.INT, 0, Range.nonNegative(MAX_STEPS, "as train.steps"));
        add(keys, "train.momentum", Type.DOUBLE, 0.0, Range.fraction());
        add(keys, "train.beta1", Type.DOUBLE, 0.9, Range.openFraction());
        add(keys, "train.beta2", Type.DOUBLE, 0.999, Range.openFraction());
        add(keys, "train.weight_decay", Type.DOUBLE, 0.0, Range.nonNegative(MAX_DECAY, "decoupled: lr x weight_decay of each weight per step"));
        add(keys, "train.seed", Type.LONG, 42L, Constraint.NONE);
        add(keys, "train.eval_every", Type.INT, 1000, Range.positive());
        add(keys, "train.checkpoint_every", Type.INT, 5000, Range.positive());
        add(keys, "train.log_every", Type.INT, 1000, Range.positive());
        add(keys, "train.diverge_loss", Type.DOUBLE, 100.0, Range.positive());
        add(keys, "train.samples", Type.INT, 10, Range.nonNegative(MAX_SAMPLES, "items sampled at the end; memory bounds it further"));
        choice(keys, "train.predict", TrainConfig.Predict.SAMPLED);
        add(keys, "train.eval_rows", Type.INT, 200_000, Range.positive());
        add(keys, "train.sample_every", Type.INT, 0, Range.nonNegative(MAX_STEPS, "steps between samples while training; 0: none"));
        add(keys, "train.replicas", Type.INT, 1, Range.positive(MAX_REPLICAS, "copies of the model, a thread each"));
        add(keys, "train.ema", Type.DOUBLE, 0.0, new Range(0, false, 1, true, "the decay of the weights' moving average; 0: none"));
        // checkpoint: what a run keeps on disk
        add(keys, "checkpoint.keep_last", Type.INT, 2, Range.positive());
        add(keys, "checkpoint.min_free_mb", Type.LONG, 50L, Range.nonNegative(Double.MAX_VALUE, ""));
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
