package io.makemore4j.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps between the typed flat key/value form ({@code model.n_embd -> 10}) and the {@link Config} records. */
final class ConfigValues {

    private ConfigValues() {
    }

    @SuppressWarnings("unchecked")
    static Config build(Map<String, Object> v) {
        DataConfig data = new DataConfig(
                (String) v.get("data.path"),
                choice(DataConfig.Format.class, v.get("data.format")),
                (String) v.get("data.column"),
                (Boolean) v.get("data.header"),
                (Boolean) v.get("data.lowercase"),
                (Integer) v.get("data.max_length"),
                (List<Double>) v.get("data.split"),
                (Long) v.get("data.seed"),
                (String) v.get("data.train_path"),
                (String) v.get("data.val_path"),
                (String) v.get("data.test_path"));
        ModelConfig model = new ModelConfig(
                choice(ModelKind.class, v.get("model.type")),
                (Integer) v.get("model.block_size"),
                (Integer) v.get("model.n_embd"),
                (Integer) v.get("model.n_hidden"),
                (List<Integer>) v.get("model.flatten"),
                (Boolean) v.get("model.batch_norm"),
                Activation.fromConfig((String) v.get("model.activation")),
                (Boolean) v.get("model.fused"),
                (Boolean) v.get("model.gated"),
                (Boolean) v.get("model.residual"),
                (Boolean) v.get("model.skip"),
                (Double) v.get("model.dropout"),
                (Integer) v.get("model.n_embd2"),
                (Integer) v.get("model.n_layer"),
                (Integer) v.get("model.n_head"));
        TrainConfig train = new TrainConfig(
                (Integer) v.get("train.steps"),
                (Integer) v.get("train.batch_size"),
                choice(TrainConfig.Optimizer.class, v.get("train.optimizer")),
                (Double) v.get("train.lr"),
                choice(TrainConfig.Schedule.class, v.get("train.schedule")),
                (Double) v.get("train.decay_at"),
                (Double) v.get("train.decay_factor"),
                (Double) v.get("train.min_lr"),
                (Integer) v.get("train.warmup_steps"),
                (Double) v.get("train.momentum"),
                (Double) v.get("train.beta1"),
                (Double) v.get("train.beta2"),
                (Double) v.get("train.weight_decay"),
                (Long) v.get("train.seed"),
                (Integer) v.get("train.eval_every"),
                (Integer) v.get("train.checkpoint_every"),
                (Integer) v.get("train.log_every"),
                (Double) v.get("train.diverge_loss"),
                (Integer) v.get("train.samples"),
                choice(TrainConfig.Predict.class, v.get("train.predict")),
                (Integer) v.get("train.eval_rows"),
                (Integer) v.get("train.sample_every"),
                (Integer) v.get("train.replicas"),
                (Double) v.get("train.ema"));
        CheckpointConfig checkpoint = new CheckpointConfig(
                (Integer) v.get("checkpoint.keep_last"),
                (Long) v.get("checkpoint.min_free_mb"));
        return new Config(data, model, train, checkpoint);
    }

    /** The YAML value of a choice: the constant's name in lower case. */
    static String yamlName(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of a choice key's (already checked) YAML value. */
    private static <E extends Enum<E>> E choice(Class<E> type, Object yamlValue) {
        return Enum.valueOf(type, ((String) yamlValue).toUpperCase(Locale.ROOT));
    }

    static Map<String, Object> flatten(Config c) {
        Map<String, Object> v = new LinkedHashMap<>();
        DataConfig d = c.data();
        v.put("data.path", d.path());
        v.put("data.format", yamlName(d.format()));
        v.put("data.column", d.column());
        v.put("data.header", d.header());
        v.put("data.lowercase", d.lowercase());
        v.put("data.max_length", d.maxLength());
        v.put("data.split", d.split());
        v.put("data.seed", d.seed());
        v.put("data.train_path", d.trainPath());
        v.put("data.val_path", d.valPath());
        v.put("data.test_path", d.testPath());
        ModelConfig m = c.model();
        v.put("model.type", yamlName(m.type()));
        v.put("model.block_size", m.blockSize());
        v.put("model.n_embd", m.nEmbd());
        v.put("model.n_hidden", m.nHidden());
        v.put("model.flatten", m.flatten());
        v.put("model.batch_norm", m.batchNorm());
        v.put("model.activation", m.activation().configName());
        v.put("model.fused", m.fused());
        v.put("model.gated", m.gated());
        v.put("model.residual", m.residual());
        v.put("model.skip", m.skip());
        v.put("model.dropout", m.dropout());
        v.put("model.n_embd2", m.nEmbd2());
        v.put("model.n_layer", m.nLayer());
        v.put("model.n_head", m.nHead());
        putTrain(v, c.train());
        v.put("checkpoint.keep_last", c.checkpoint().keepLast());
        v.put("checkpoint.min_free_mb", c.checkpoint().minFreeMb());
        if (!v.keySet().equals(ConfigSchema.KEYS.keySet())) {
            throw new IllegalStateException("ConfigValues.flatten is out of step with ConfigSchema");
        }
        return v;
    }

    private static void putTrain(Map<String, Object> v, TrainConfig t) {
        v.put("train.steps", t.steps());
        v.put("train.batch_size", t.batchSize());
        v.put("train.optimizer", yamlName(t.optimizer()));
        v.put("train.lr", t.lr());
        v.put("train.schedule", yamlName(t.schedule()));
        v.put("train.decay_at", t.decayAt());
        v.put("train.decay_factor", t.decayFactor());
        v.put("train.min_lr", t.minLr());
        v.put("train.warmup_steps", t.warmupSteps());
        v.put("train.momentum", t.momentum());
        v.put("train.beta1", t.beta1());
        v.put("train.beta2", t.beta2());
        v.put("train.weight_decay", t.weightDecay());
        v.put("train.seed", t.seed());
        v.put("train.eval_every", t.evalEvery());
        v.put("train.checkpoint_every", t.checkpointEvery());
        v.put("train.log_every", t.logEvery());
        v.put("train.diverge_loss", t.divergeLoss());
        v.put("train.samples", t.samples());
        v.put("train.predict", yamlName(t.predict()));
        v.put("train.eval_rows", t.evalRows());
        v.put("train.sample_every", t.sampleEvery());
        v.put("train.replicas", t.replicas());
        v.put("train.ema", t.ema());
    }
}
