package io.makemore4j.run;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
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
 */
record MemoryPlan(long parameterBytes, long activationBytes, long evaluationBytes, long rows, long parameters) {

    /** The share of the limit the estimate may take. */
    static final double USABLE = 0.75;

    /** The plan of a run of {@code config} on {@code data}. */
    static MemoryPlan of(Config config, PreparedData data) {
        ModelConfig m = config.model();
        TrainConfig t = config.train();
        int vocabulary = data.vocabulary().size();
        long params = ModelSummary.of(ModelFamily.configuration(config, vocabulary)).trainableParams();
        int slots = switch (t.optimizer()) {
            case ADAM, ADAMW -> 2;
            default -> t.momentum() > 0 ? 1 : 0;
        };
        long rows = trainingRows(config, data);
        long hiddenPerRow = hiddenPerRow(m);
        long activations = rows * ((long) m.blockSize() * m.nEmbd() * 2 + hiddenPerRow * 6 + vocabulary * 4L);
        int chunk = m.type() == ModelKind.DILATED ? ItemEvaluator.CHUNK : SplitEvaluator.CHUNK;
        long evalRows = OutputBudget.rows(vocabulary, hiddenPerRow, chunk);
        long evaluation = evalRows * (hiddenPerRow + vocabulary) * 3;
        return new MemoryPlan(params * 4 * (2 + slots), activations * 4, evaluation * 4, rows, params);
    }

    /** Rows a training step computes: the batch, or for the dilated model's sampled positions their items up to them. */
    private static long trainingRows(Config config, PreparedData data) {
        long batch = config.train().batchSize();
        if (config.model().type() == ModelKind.DILATED && config.train().predict() == TrainConfig.Predict.SAMPLED) {
            double meanPositions = (double) data.train().rows().size() / Math.max(1, data.train().encoded().size());
            return (long) Math.ceil(batch * meanPositions);   // at most an item per drawn position
        }
        return config.train().predict() == TrainConfig.Predict.ALL ? 2 * batch : batch;   // whole items: up to about twice
    }

    /** Hidden floats of one row: each flatten stage's positions x channels, or each dilated stage's channels. */
    private static long hiddenPerRow(ModelConfig m) {
        if (m.type() == ModelKind.DILATED) {
            return (long) m.flatten().size() * m.nHidden() * (m.gated() ? 2 : 1);
        }
        long total = 0;
        long positions = m.blockSize();
        for (int factor : m.flatten()) {
            positions /= factor;
            total += positions * m.nHidden();
        }
        return total;
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
        if (activationBytes >= parameterBytes) {
            throw new BadInputException("train.batch_size " + config.train().batchSize() + ": " + figures
                    + "; lower train.batch_size" + remedy);
        }
        long outputParams = (long) config.model().nHidden() * vocabulary;
        if (outputParams * 2 > parameters) {   // the output layer holds most of the weights
            throw new BadInputException("data.path " + config.data().path() + " (a vocabulary of " + vocabulary + " characters): "
                    + figures + "; the output layer has n_hidden x vocabulary weights: lower model.n_hidden" + remedy);
        }
        throw new BadInputException("model.n_hidden " + config.model().nHidden() + ": " + figures + "; lower model.n_hidden" + remedy);
    }

    /** What ND4J may hold: JavaCPP's limit on native memory. */
    static long nativeLimit() {
        return Pointer.maxBytes();
    }
}
