package io.makemore4j.model;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.model.layer.FusedLinearBatchNorm;
import io.makemore4j.model.layer.SequenceEmbedding;
import io.makemore4j.model.layer.SoftmaxOutput;
import io.makemore4j.model.vertex.FlattenConsecutive;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.List;

/**
 * Builds the hierarchical character model as a DL4J {@link ComputationGraph}:
 *
 * <pre>
 * context (batch, blockSize) float indices
 *  -> embedding   EmbeddingSequenceLayer, NWC       (B, T, nEmbd)
 *  for each flatten factor n (stage i = 1, 2, ...):
 *  -> flatten{i}  FlattenConsecutive(n)             (B*T/n, n*C)
 *  -> linear{i}   Dense, no bias (bias when no BN)  (B*T/n, nHidden)
 *  -> bn{i}       BatchNormalization over all rows  (B*T/n, nHidden)   [only when batchNorm]
 *  -> act{i}      tanh or relu                      (B*T/n, nHidden)
 *  -> out         softmax output, sparse cross-entropy on (batch, 1) integer labels  (B, vocab)
 * </pre>
 *
 * <p>With {@code model.fused}, each stage's linear, bn and act layers are one
 * {@link FusedLinearBatchNorm} layer {@code fused{i}} (when there is batch norm), and the embedding
 * and output layers keep their stock configurations with faster runtimes ({@link SequenceEmbedding},
 * {@link SoftmaxOutput}): the same parameters, initial weights and results, computed with far fewer
 * native calls and no allocation per training step.
 *
 * <p>{@code model.type: dilated} builds the same model as causal convolutions over whole items
 * instead ({@link DilatedModel}).
 *
 * <p>Every nIn is set explicitly: {@code setInputTypes} is deliberately not used, because DL4J then
 * re-derives nIn with override and would set the embedding's nIn to blockSize instead of the
 * vocabulary size. No RNN/feed-forward preprocessors are used between stages (they remember the last
 * batch size).
 */
public final class ModelFactory {

    /** Name of the graph's input: (batch, blockSize) character indices as floats. */
    public static final String INPUT = "context";
    /** Name of the dilated model's input: (items, T) character indices as floats, with an (items, T) mask. */
    public static final String ITEMS = "items";
    /** Name of the embedding layer. */
    public static final String EMBEDDING = "embedding";
    /** Name of the output layer (softmax over the vocabulary). */
    public static final String OUTPUT = "out";

    /** Default learning rate of the default updater. */
    public static final double DEFAULT_LR = 0.1;
    /** BatchNorm epsilon, as PyTorch. */
    public static final double BN_EPS = 1e-5;
    /** BatchNorm running-statistics decay: DL4J's decay 0.9 is PyTorch's momentum 0.1. */
    public static final double BN_DECAY = 0.9;
    /** The reference scales the output layer's initial weights by this factor. */
    public static final double OUTPUT_WEIGHT_SCALE = 0.1;

    private ModelFactory() {
    }

    /** Name of the i-th (1-based) FlattenConsecutive vertex. */
    public static String flattenName(int stage) {
        return "flatten" + stage;
    }

    /** Name of the i-th (1-based) hidden Linear (Dense) layer. */
    public static String linearName(int stage) {
        return "linear" + stage;
    }

    /** Name of the i-th (1-based) BatchNormalization layer. */
    public static String batchNormName(int stage) {
        return "bn" + stage;
    }

    /** Name of the i-th (1-based) activation layer. */
    public static String activationName(int stage) {
        return "act" + stage;
    }

    /** Name of the i-th (1-based) convolution stage of the dilated model. */
    public static String convName(int stage) {
        return DilatedModel.convName(stage);
    }

    /** Name of the i-th (1-based) gate of a gated dilated model ({@code model.gated}): the sigmoid convolution. */
    public static String gateName(int stage) {
        return DilatedModel.gateName(stage);
    }

    /** Name of the i-th (1-based) residual sum of the dilated model ({@code model.residual}): stage input + output. */
    public static String residualName(int stage) {
        return DilatedModel.residualName(stage);
    }

    /** Name of the sum of every stage's output in the dilated model ({@code model.skip}). */
    public static final String SKIP = DilatedModel.SKIP;

    /** Name of the i-th (1-based) fused Linear+BatchNorm+activation layer ({@code model.fused}). */
    public static String fusedName(int stage) {
        return "fused" + stage;
    }

    /** The configuration with plain SGD at {@link #DEFAULT_LR}, FLOAT precision. */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocabSize, long seed) {
        return configuration(m, vocabSize, new Sgd(DEFAULT_LR), seed, DataType.FLOAT);
    }

    /**
     * The graph configuration.
     *
     * @param m         the model section (sizes are checked here only as far as building needs)
     * @param vocabSize characters in the vocabulary, including the '.' boundary token
     * @param updater   the optimiser of every trainable parameter (BN running statistics are not trained)
     * @param seed      seed of the weight initialisation
     * @param dtype     FLOAT for training, DOUBLE for gradient checks
     * @throws BadInputException if the model section cannot be built
     */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocabSize, IUpdater updater,
            long seed, DataType dtype) {
        return configuration(m, vocabSize, updater, 0.0, seed, dtype);
    }

    /**
     * The graph configuration with decoupled weight decay (AdamW: {@code w -= lr * weightDecay * w}
     * after the update, on weights only, not biases or batch-norm parameters).
     */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocabSize, IUpdater updater,
            double weightDecay, long seed, DataType dtype) {
        check(m, vocabSize);
        if (m.dilated()) {
            return DilatedModel.configuration(m, vocabSize, updater, weightDecay, seed, dtype);
        }
        Activation activation = activation(m.activation());

        ComputationGraphConfiguration.GraphBuilder g = graphBuilder(updater, weightDecay, seed, dtype)
                .addInputs(INPUT);

        // (batch, blockSize) indices -> (batch, T, nEmbd); N(0, 1) like nn.Embedding (WeightInit.NORMAL
        // would draw with std 1/sqrt(vocabSize)).
        EmbeddingSequenceLayer embedding = new EmbeddingSequenceLayer.Builder()
                .nIn(vocabSize)
                .nOut(m.nEmbd())
                .inputLength(m.blockSize())
                .inferInputLength(false)
                .outputDataFormat(RNNFormat.NWC)
                .hasBias(false)
                .weightInit(new WeightInitDistribution(new NormalDistribution(0, 1)))
                .build();
        g.addLayer(EMBEDDING, m.fused() ? SequenceEmbedding.of(embedding) : embedding, INPUT);

        String previous = EMBEDDING;
        long channels = m.nEmbd();
        int time = m.blockSize();
        List<Integer> flatten = m.flatten();
        for (int i = 0; i < flatten.size(); i++) {
            int stage = i + 1;
            int n = flatten.get(i);
            // (batch*time, channels) -> (batch*time/n, n*channels)
            g.addVertex(flattenName(stage), new FlattenConsecutive(n, time), previous);
            if (m.fused() && m.batchNorm()) {
                // linear + bn + act in one layer: (batch*time/n, n*channels) -> (batch*time/n, nHidden)
                g.addLayer(fusedName(stage), new FusedLinearBatchNorm.Builder()
                        .nIn(n * channels)
                        .nOut(m.nHidden())
                        .activation(activation)
                        .weightInit(WeightInit.NORMAL)
                        .eps(BN_EPS)
                        .decay(BN_DECAY)
                        .build(), flattenName(stage));
                previous = fusedName(stage);
            } else {
                previous = addStockStage(g, m, stage, n * channels, activation);
            }
            channels = m.nHidden();
            time /= n;
        }

        // (batch, nHidden) -> (batch, vocab)
        g.addLayer(OUTPUT, outputLayer(m.fused() ? new SoftmaxOutput.Builder(new LossSparseMCXENT())
                : new OutputLayer.Builder(new LossSparseMCXENT()), channels, vocabSize), previous);
        g.setOutputs(OUTPUT);
        return g.build();
    }

    /**
     * The settings every graph of this project shares: seed, precision, the updater of every
     * trainable parameter, decoupled weight decay (weights only), N(0, 1/fan_in) weights by default,
     * and DL4J's workspaces for training and inference (stated; the fused layers keep their own
     * detached buffers on top).
     */
    public static ComputationGraphConfiguration.GraphBuilder graphBuilder(IUpdater updater, double weightDecay, long seed,
                                                                   DataType dtype) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dtype)
                .updater(updater)
                .weightDecay(weightDecay, true)
                .weightInit(WeightInit.NORMAL)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder();
    }

    /** The softmax output layer over the vocabulary: weights N(0, 0.1/sqrt(channels)), bias 0. */
    public static OutputLayer outputLayer(OutputLayer.Builder builder, long channels, int vocabSize) {
        return builder
                .nIn(channels)
                .nOut(vocabSize)
                .activation(Activation.SOFTMAX)
                .hasBias(true)
                .weightInit(new WeightInitDistribution(
                        new NormalDistribution(0, OUTPUT_WEIGHT_SCALE / Math.sqrt(channels))))
                .biasInit(0)
                .build();
    }

    /** Linear, [bn,] act of one stage as stock DL4J layers after {@code flatten{stage}}; returns the last name. */
    private static String addStockStage(ComputationGraphConfiguration.GraphBuilder g, ModelConfig m, int stage, long nIn,
            Activation activation) {
        // (batch*time/n, n*channels) -> (batch*time/n, nHidden); weights N(0, 1/sqrt(fan_in))
        g.addLayer(linearName(stage), new DenseLayer.Builder()
                .nIn(nIn)
                .nOut(m.nHidden())
                .hasBias(!m.batchNorm())
                .activation(Activation.IDENTITY)
                .weightInit(WeightInit.NORMAL)
                .biasInit(0)
                .build(), flattenName(stage));
        String previous = linearName(stage);
        if (m.batchNorm()) {
            // Normalises each channel over all rows (batch*time), like the reference's BN over
            // every leading dimension. Known difference: DL4J uses the biased batch variance
            // (divide by N rows) both to normalise in training and in its running variance, where
            // the reference's x.var() is the unbiased one (N-1), in both places. N is batch*time
            // rows (128, 64, 32 for the default model at batch 32), so the gap is at most ~3%.
            // useLogStd(false): the running variance is stored as is (parameter "var").
            g.addLayer(batchNormName(stage), new BatchNormalization.Builder()
                    .nIn(m.nHidden())
                    .nOut(m.nHidden())
                    .gamma(1.0)
                    .beta(0.0)
                    .eps(BN_EPS)
                    .decay(BN_DECAY)
                    .useLogStd(false)
                    .build(), previous);
            previous = batchNormName(stage);
        }
        g.addLayer(activationName(stage), new ActivationLayer.Builder()
                .activation(activation)
                .build(), previous);
        return activationName(stage);
    }

    /** The initialised graph with plain SGD at {@link #DEFAULT_LR}, FLOAT precision. */
    public static ComputationGraph build(ModelConfig m, int vocabSize, long seed) {
        return build(m, vocabSize, new Sgd(DEFAULT_LR), seed, DataType.FLOAT);
    }

    /** The initialised graph; see {@link #configuration(ModelConfig, int, IUpdater, long, DataType)}. */
    public static ComputationGraph build(ModelConfig m, int vocabSize, IUpdater updater, long seed, DataType dtype) {
        return build(m, vocabSize, updater, 0.0, seed, dtype);
    }

    /** The initialised graph; see {@link #configuration(ModelConfig, int, IUpdater, double, long, DataType)}. */
    public static ComputationGraph build(ModelConfig m, int vocabSize, IUpdater updater, double weightDecay, long seed,
                                         DataType dtype) {
        ComputationGraph graph = new ComputationGraph(configuration(m, vocabSize, updater, weightDecay, seed, dtype));
        graph.init();
        return graph;
    }

    /** Maps the config's activation name to DL4J's. */
    static Activation activation(String name) {
        if (name == null) {
            throw new BadInputException("model.activation: missing (expected tanh or relu)");
        }
        return switch (name) {
            case "tanh" -> Activation.TANH;
            case "relu" -> Activation.RELU;
            default -> throw new BadInputException("model.activation: unknown '" + name + "' (expected tanh or relu)");
        };
    }

    static void check(ModelConfig m, int vocabSize) {
        if (vocabSize < 2) {
            throw new BadInputException("vocabulary: " + vocabSize + " symbols, need at least 2");
        }
        if (m.blockSize() < 1 || m.nEmbd() < 1 || m.nHidden() < 1) {
            throw new BadInputException("model: blockSize, nEmbd and nHidden must be positive (got "
                    + m.blockSize() + ", " + m.nEmbd() + ", " + m.nHidden() + ")");
        }
        if (m.flatten().isEmpty()) {
            throw new BadInputException("model.flatten: empty");
        }
        long product = 1;
        for (int n : m.flatten()) {
            if (n < 1) {
                throw new BadInputException("model.flatten: factors must be positive, got " + m.flatten());
            }
            product *= n;
        }
        if (product != m.blockSize()) {
            throw new BadInputException("model.flatten: the product of " + m.flatten() + " is " + product
                    + ", not blockSize " + m.blockSize());
        }
    }
}
