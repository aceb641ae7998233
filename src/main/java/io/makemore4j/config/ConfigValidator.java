package io.makemore4j.config;

import java.util.List;
import java.util.function.Function;

/** Checks that need more than one key (e.g. flatten factors against the block size). */
final class ConfigValidator {

    /** The most Transformer blocks. */
    static final int MAX_LAYERS = 64;   // the range of model.n_layer in ConfigSchema
    /** The longest Transformer context: attention costs block_size^2 per item and head. */
    static final int MAX_TRANSFORMER_BLOCK = 1024;

    private ConfigValidator() {
    }

    /**
     * @param where for a key, the "file line N: " prefix of where it was set, or "" for a default
     */
    static void validate(Config c, Function<String, String> where) {
        validateModel(c.model(), where);
        validateData(c.data(), where);
        validateTrain(c.train(), where);
    }

    private static void validateModel(ModelConfig m, Function<String, String> where) {
        if (m.type().hierarchical() && m.flattenProduct() != m.blockSize()) {
            String product = m.flattenProduct() == Long.MAX_VALUE ? "more than " + Integer.MAX_VALUE : Long.toString(m.flattenProduct());
            throw new BadInputException(where.apply("model.flatten") + "model.flatten " + m.flatten() + " multiplies to "
                    + product + ", but model.block_size is " + m.blockSize() + " (the factors must multiply to it)");
        }
        if (!m.type().hierarchical() && m.blockSize() < 2) {
            throw new BadInputException(where.apply("model.block_size") + "model.block_size must be at least 2 for model.type "
                    + m.type().yamlName() + " (the positions of an item: the boundary, its characters, so at most block_size - 1 of them), got "
                    + m.blockSize());
        }
        if (m.type() == ModelKind.TRANSFORMER) {
            validateTransformer(m, where);
        }
        if (m.dilated()) {
            if (!m.batchNorm()) {
                throw new BadInputException(where.apply("model.batch_norm") + "model.batch_norm: false is only available for model.type flatten");
            }
            if (!m.fused()) {
                throw new BadInputException(where.apply("model.fused") + "model.fused: false (stock DL4J layers) is only available for "
                        + "model.type flatten");
            }
        } else {
            for (String key : List.of("model.gated", "model.residual", "model.skip", "model.dropout")) {
                boolean set = switch (key) {
                    case "model.gated" -> m.gated();
                    case "model.residual" -> m.residual();
                    case "model.skip" -> m.skip();
                    default -> m.dropout() > 0 && m.type() != ModelKind.TRANSFORMER;
                };
                if (set) {
                    String types = key.equals("model.dropout") ? "dilated and transformer" : "dilated";
                    throw new BadInputException(where.apply(key) + key + " applies to model.type " + types + " only, got model.type "
                            + m.type().yamlName());
                }
            }
        }
    }

    /** The heads split the channels; the sizes stay within what one attention pass holds per item. */
    private static void validateTransformer(ModelConfig m, Function<String, String> where) {
        if (m.nEmbd() % m.nHead() != 0) {
            throw new BadInputException(where.apply("model.n_head") + "model.n_head " + m.nHead() + " must divide model.n_embd "
                    + m.nEmbd() + " (the heads split the channels)");
        }
        if (m.blockSize() > MAX_TRANSFORMER_BLOCK) {
            throw new BadInputException(where.apply("model.block_size") + "model.block_size must be at most " + MAX_TRANSFORMER_BLOCK
                    + " for model.type transformer (attention is over every earlier position of an item), got " + m.blockSize());
        }
    }

    private static void validateData(DataConfig d, Function<String, String> where) {
        List<Double> split = d.split();
        if (split.size() != 3) {
            throw new BadInputException(where.apply("data.split") + "data.split must have three fractions (train, val, test), got " + split);
        }
        double sum = 0;
        for (double f : split) {
            if (!(f > 0)) {
                throw new BadInputException(where.apply("data.split") + "data.split fractions must be positive, got " + split);
            }
            sum += f;
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new BadInputException(where.apply("data.split") + "data.split must sum to 1, got " + split + " (sum " + sum + ")");
        }
        if (d.format() == DataConfig.Format.CSV && !d.header() && !d.column().matches("\\d+")) {
            throw new BadInputException(where.apply("data.column") + "data.column must be a 0-based column index when data.header is false, got '"
                    + d.column() + "'");
        }
        if (d.path().isBlank() && !d.splitFiles()) {
            throw new BadInputException(where.apply("data.path") + "data.path must name a file");
        }
        validateSplitFiles(d, where);
    }

    /**
     * Split files: train and test together (val optional), each a different file; data.path and
     * data.split, unused then, may not be given on the command line with them (a moved run's files
     * are given as data.train_path, data.val_path and data.test_path).
     */
    private static void validateSplitFiles(DataConfig d, Function<String, String> where) {
        if (!d.splitFiles()) {
            for (String key : List.of("data.val_path", "data.test_path")) {
                if (!(key.equals("data.val_path") ? d.valPath() : d.testPath()).isEmpty()) {
                    throw new BadInputException(where.apply(key) + key + " needs data.train_path (split files: train_path, "
                            + "test_path and optionally val_path, in place of data.path)");
                }
            }
            return;
        }
        if (d.testPath().isEmpty()) {
            throw new BadInputException(where.apply("data.train_path") + "data.train_path needs data.test_path (split files: "
                    + "train_path, test_path and optionally val_path, in place of data.path)");
        }
        for (String key : List.of("data.path", "data.split", "data.seed")) {
            if (where.apply(key).startsWith("--set")) {
                throw new BadInputException(where.apply(key) + key + " is unused with split files (data.train_path is set): "
                        + "give data.train_path, data.val_path and data.test_path instead");
            }
        }
        List<DataConfig.SourceFile> files = d.files();
        for (int i = 0; i < files.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (java.nio.file.Path.of(files.get(i).path()).normalize().equals(java.nio.file.Path.of(files.get(j).path()).normalize())) {
                    throw new BadInputException(where.apply(files.get(i).key()) + files.get(i).key() + " " + files.get(i).path()
                            + " is also " + files.get(j).key() + ": each split needs its own file");
                }
            }
        }
    }

    private static void validateTrain(TrainConfig t, Function<String, String> where) {
        if (t.minLr() > t.lr()) {
            throw new BadInputException(where.apply("train.min_lr") + "train.min_lr (" + t.minLr() + ") must not exceed train.lr (" + t.lr() + ")");
        }
        if (t.warmupSteps() >= t.steps()) {
            throw new BadInputException(where.apply("train.warmup_steps") + "train.warmup_steps (" + t.warmupSteps()
                    + ") must be fewer than train.steps (" + t.steps() + ")");
        }
        if (t.weightDecay() > 0 && t.optimizer() != TrainConfig.Optimizer.ADAMW) {
            throw new BadInputException(where.apply("train.weight_decay") + "train.weight_decay applies to train.optimizer adamw only, got optimizer "
                    + ConfigValues.yamlName(t.optimizer()));
        }
    }
}
