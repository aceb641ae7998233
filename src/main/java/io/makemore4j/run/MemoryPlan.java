package io.makemore4j.run;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.TrainConfig;
import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.ItemEvaluator;
import io.makemore4j.eval.OutputBudget;
import io.makemore4j.eval.SplitEvaluator;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.model.ModelSummary;
import org.bytedeco.javacpp.Pointer;

import java.util.Locale;

/**
 * The native memory (ND4J's arrays) a run will need, estimated from its config and data before the
 * network is built: the parameters with their gradients and optimiser state, the activations of a
 * training step (and their gradients), and an evaluation pass (bounded by {@link OutputBudget}). A
 * run that would pass what ND4J may use ({@code org.bytedeco.javacpp.maxbytes}, set by
 * {@code bin/makemore4j}) is refused as bad input, naming the key that drives the largest part, so
 * that it fails in a second with one line instead of an {@code OutOfMemoryError} later.
 *
 * <p>The estimate counts floats of 4 bytes: parameters x (2 + optimiser slots); per training row
 * the embedding output, and six copies of each hidden stage's output (linear, batch norm,
 * activation, and their gradients) and four of the output layer's ({@code rows x vocabulary});
 * three copies of an evaluation pass's activations and output. It leaves a quarter of the limit
 * free for ND4J's garbage between collections.
 *
 * @param parameterBytes  parameters, gradients and optimiser state
 * @param activationBytes one training step's activations and their gradients
 * @param evaluationBytes one evaluation pass
 * @param rows            rows (predicted positions computed) in one training step
 * @param parameters      trainable parameters
 * @param evaluationRows  rows (predicted positions) in one evaluation pass: the evaluator's chunk, or fewer for a wide output
 */
record MemoryPlan(long parameterBytes, long activationBytes, long evaluationBytes, long rows, long parameters,
                  long evaluationRows) {

    /** The share of the limit the estimate may take. */
    static final double USABLE = 0.75;

    /** The plan of a run of {@code config} on {@code data}. */
    static MemoryPlan of(Config config, PreparedData data) {
        double meanPositions = (double) data.train().rows().size() / Math.max(1, data.train().encoded().size());
        return of(config, data.vocabulary().size(), meanPositions);
    }

    /**
     * The plan of a run of {@code config} over {@code vocabulary} characters, whose training items have
     * {@code meanPositions} positions on average. Computed in doubles: sizes at the bounds of their
     * keys must not overflow into a small figure.
     */
    static MemoryPlan of(Config config, int vocabulary, double meanPositions) {
        ModelConfig m = config.model();
        TrainConfig t = config.train();
        long params = ModelSummary.of(ModelFamily.configuration(config, vocabulary)).trainableParams();
        int slots = switch (t.optimizer()) {
            case ADAM, ADAMW -> 2;
            default -> t.momentum() > 0 ? 1 : 0;
        };
        int copies = (t.replicas() > 1 ? 2 * (t.replicas() - 1) + 1 : 0)   // each replica's parameters and gradient, and the step's copy
                + (t.averagesWeights() ? 1 : 0);                           // train.ema: the averaged parameters
        double rows = trainingRows(config, meanPositions);   // split between the replicas: their activations add up to the batch's
        double hiddenPerRow = hiddenPerRow(m);
        double activations = rows * perRow(m, vocabulary);
        int chunk = m.type() == ModelKind.FLATTEN ? SplitEvaluator.CHUNK : ItemEvaluator.CHUNK;   // each type's evaluator's passes
        double evalPerRow = evaluationPerRow(m);   // as FlattenType and DilatedType size their evaluation chunks
        double evalRows = OutputBudget.rows(vocabulary, (long) Math.min(evalPerRow, Long.MAX_VALUE / 8), chunk);
        double evaluation = evalRows * (embeddingPerRow(m) / 2 + hiddenPerRow + vocabulary) * 3;
        return new MemoryPlan(bytes((double) params * 4 * (2 + slots + copies)), bytes(activations * 4), bytes(evaluation * 4),
                (long) Math.min(rows, Long.MAX_VALUE), params, (long) evalRows);
    }

    /**
     * Refuses, before the corpus is read, a config that cannot fit whatever the corpus (the smallest
     * vocabulary, one position per item), and a {@code train.samples} the heap cannot hold.
     */
    static void checkBeforeData(Config config) {
        of(config, 2, 1).check(config, 2, nativeLimit());
        checkSamples("train.samples", config.train().samples(), config.data().maxLength());
    }

    /**
     * Refuses sampling {@code n} items (the key or option {@code key}) of up to {@code maxLength}
     * characters when they would take more than a quarter of the heap: each is built, kept and
     * labelled in memory (about 64 bytes plus 6 per character, counted at the longest).
     */
    static void checkSamples(String key, long n, int maxLength) {
        double needed = n * (64.0 + 6.0 * maxLength);
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap / 4.0) {
            throw new BadInputException(String.format(Locale.ROOT, "%s %d: %d items of up to %d characters (data.max_length) need "
                    + "about %,d MB of Java heap, more than a quarter of the %,d MB this JVM has; sample fewer, or give the JVM "
                    + "more (MAKEMORE4J_JAVA_OPTS=\"-Xmx...\")", key, n, n, maxLength, (long) needed >> 20, heap >> 20));
        }
    }

    /**
     * Rows a training step computes: the batch, or for the dilated model's sampled positions their items
     * up to them, or for a sequence model (rnn, transformer, ...) its items' block_size positions each.
     */
    private static double trainingRows(Config config, double meanPositions) {
        double batch = config.train().batchSize();
        if (!config.model().type().hierarchical()) {
            return batch * config.model().blockSize();
        }
        if (config.model().type() == ModelKind.DILATED && config.train().predict() == TrainConfig.Predict.SAMPLED) {
            return Math.ceil(batch * meanPositions);   // at most an item per drawn position
        }
        return config.train().predict() == TrainConfig.Predict.ALL ? 2 * batch : batch;   // whole items: up to about twice
    }

    /** Floats of one training row: the embedding output, six copies of the hidden stages', four of the output. */
    private static double perRow(ModelConfig m, int vocabulary) {
        return embeddingPerRow(m) + hiddenPerRow(m) * 6 + vocabulary * 4.0;
    }

    /** A row's activations as the evaluators count them: the embedding and the first (widest) stage, or a position's stages. */
    private static double evaluationPerRow(ModelConfig m) {
        if (!m.type().hierarchical()) {
            return sequencePerPosition(m);   // as SequenceType sizes its chunks
        }
        if (m.type() == ModelKind.DILATED) {
            return m.nEmbd() + (double) m.flatten().size() * m.nHidden() * (m.gated() ? 2 : 1);
        }
        return (double) m.blockSize() * m.nEmbd() + (double) (m.blockSize() / m.flatten().get(0)) * m.nHidden();
    }

    private static double embeddingPerRow(ModelConfig m) {
        return (m.type() == ModelKind.FLATTEN ? (double) m.blockSize() : 1) * m.nEmbd() * 2;
    }

    /** A sequence model's hidden floats per position, roughly: its layers' widest states, and a transformer's attention row. */
    private static double sequencePerPosition(ModelConfig m) {
        double attention = m.type() == ModelKind.TRANSFORMER ? (double) m.nHead() * m.blockSize() * m.nLayer() : 0;
        return (double) Math.max(1, m.nLayer()) * Math.max(m.nEmbd(), m.nHidden()) * 4 + attention;
    }

    /** Hidden floats of one row: each flatten stage's positions x channels, or each dilated stage's channels. */
    private static double hiddenPerRow(ModelConfig m) {
        if (!m.type().hierarchical()) {
            return sequencePerPosition(m);
        }
        if (m.type() == ModelKind.DILATED) {
            return (double) m.flatten().size() * m.nHidden() * (m.gated() ? 2 : 1);
        }
        double total = 0;
        long positions = m.blockSize();
        for (int factor : m.flatten()) {
            positions /= factor;
            total += (double) positions * m.nHidden();
        }
        return total;
    }

    private static long bytes(double bytes) {
        return bytes >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : (long) bytes;
    }

    /** The estimate: parameters and the larger of a training step and an evaluation pass. */
    long totalBytes() {
        return parameterBytes + Math.max(activationBytes, evaluationBytes);
    }

    /**
     * Refuses the run if the estimate passes {@link #USABLE} of {@code limit} bytes.
     *
     * @throws BadInputException naming the key that drives the largest part
     */
    void check(Config config, int vocabulary, long limit) {
        if (totalBytes() <= USABLE * limit) {
            return;
        }
        String figures = String.format(Locale.ROOT, "training needs about %,d MB of native memory (activations of %,d rows %,d MB, "
                + "parameters with gradients and optimiser state %,d MB), more than %.0f%% of the %,d MB that ND4J may use here",
                totalBytes() >> 20, rows, activationBytes >> 20, parameterBytes >> 20, USABLE * 100, limit >> 20);
        String remedy = "; or raise -Dorg.bytedeco.javacpp.maxbytes (bin/makemore4j sets it; MAKEMORE4J_JAVA_OPTS replaces the launcher's settings)";
        String key = culprit(config, vocabulary, limit);
        String value = key.equals("data.path") ? config.data().corpusName() + " (a vocabulary of " + vocabulary + " characters)"
                : String.valueOf(ConfigLoader.section(config, key.substring(0, key.indexOf('.'))).get(key));
        String lower = key.equals("data.path") ? "the output layer has n_hidden x vocabulary weights: lower model.n_hidden"
                : "lower " + key;
        throw new BadInputException(key + " " + value + ": " + figures + "; " + lower + remedy);
    }

    /**
     * The key to lower: train.batch_size when the activations of many rows are the most of it and one
     * row would fit; otherwise the size that drives the largest term, of a row or of the parameters.
     */
    private String culprit(Config config, int vocabulary, long limit) {
        ModelConfig m = config.model();
        if (activationBytes >= parameterBytes) {
            double oneRow = perRow(m, vocabulary) * 4;
            if (oneRow * 8 < USABLE * limit - parameterBytes) {
                return "train.batch_size";
            }
            double embedding = embeddingPerRow(m);
            double hidden = hiddenPerRow(m) * 6;
            if (vocabulary * 4.0 >= Math.max(embedding, hidden)) {
                return "data.path";
            }
            return hidden >= embedding ? "model.n_hidden" : m.blockSize() > m.nEmbd() ? "model.block_size" : "model.n_embd";
        }
        double output = (double) m.nHidden() * vocabulary;
        if (output * 2 > parameters) {   // the output layer holds most of the weights
            return vocabulary > m.nHidden() ? "data.path" : "model.n_hidden";
        }
        if (m.nEmbd() > m.nHidden()) {
            return m.blockSize() > m.nEmbd() ? "model.block_size" : "model.n_embd";
        }
        return m.blockSize() > m.nHidden() ? "model.block_size" : "model.n_hidden";
    }

    /** What ND4J may hold: JavaCPP's limit on native memory. */
    static long nativeLimit() {
        return Pointer.maxBytes();
    }
}
