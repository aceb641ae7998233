package io.makemore4j.config;

import java.util.List;
import java.util.function.Function;

/** Checks that need more than one key (e.g. flatten factors against the block size). */
final class ConfigValidator {

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
        if (m.flattenProduct() != m.blockSize()) {
            String product = m.flattenProduct() == Long.MAX_VALUE ? "more than " + Integer.MAX_VALUE : Long.toString(m.flattenProduct());
            throw new BadInputException(where.apply("model.flatten") + "model.flatten " + m.flatten() + " multiplies to "
                    + product + ", but model.block_size is " + m.blockSize() + " (the factors must multiply to it)");
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
                    default -> m.dropout() > 0;
                };
                if (set) {
                    throw new BadInputException(where.apply(key) + key + " applies to model.type dilated only, got model.type " + m.type().yamlName());
                }
            }
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
        if (d.path().isBlank()) {
            throw new BadInputException(where.apply("data.path") + "data.path must name a file");
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
