package io.makemore4j.model;

import io.makemore4j.config.BadInputException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;

import java.util.List;

/**
 * What the graphs of every model type share: the names of their input, embedding and output, the
 * batch-norm constants, the builder with the project's global settings and the softmax output layer.
 */
public final class Graphs {

    /** Name of the flatten model's input: (batch, blockSize) character indices as floats. */
    public static final String INPUT = "context";
    /** Name of the whole-item models' input: (items, T) character indices as floats. */
    public static final String ITEMS = "items";
    /** Name of the embedding layer. */
    public static final String EMBEDDING = "embedding";
    /** Name of the output layer. */
    public static final String OUTPUT = "out";
    /** Batch-norm epsilon, as PyTorch's default. */
    public static final double BN_EPS = 1e-5;
    /** Batch-norm running-statistics decay: PyTorch's momentum 0.1. */
    public static final double BN_DECAY = 0.9;
    /** The output weights are scaled by this at initialisation (the reference's "less confident" last layer). */
    public static final double OUTPUT_WEIGHT_SCALE = 0.1;

    private Graphs() {
    }

    /**
     * The settings every graph of this project shares: seed, precision, the updater of every
     * trainable parameter, decoupled weight decay (weights only; {@link DecoupledWeightDecay}: no score
     * term), N(0, 1/fan_in) weights by default,
     * and DL4J's workspaces for training and inference (stated; the fused layers keep their own
     * detached buffers on top).
     */
    public static ComputationGraphConfiguration.GraphBuilder builder(GraphSettings s) {
        return new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .dataType(s.dtype())
                .updater(s.updater())
                .regularization(s.weightDecay() > 0 ? List.of(new DecoupledWeightDecay(s.weightDecay())) : List.of())
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

    /** Refuses a vocabulary too small to predict anything (the boundary plus at least one character). */
    public static void checkVocabulary(int vocabSize) {
        if (vocabSize < 2) {
            throw new BadInputException("vocabulary: " + vocabSize + " symbols, need at least 2");
        }
    }
}
