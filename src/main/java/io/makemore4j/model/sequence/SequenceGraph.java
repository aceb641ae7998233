package io.makemore4j.model.sequence;

import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.Graphs;
import io.makemore4j.model.layer.SoftmaxOutput;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * What the graphs of the sequence models share: their input, {@code (items, T)} character indices
 * with an {@code (items, T)} mask of the real positions ({@link #ITEMS}); the token embedding
 * ({@link #EMBEDDING}, N(0, 1) as {@code nn.Embedding}); and the softmax output over the vocabulary at
 * every position ({@link #OUTPUT}, {@code (items*T, vocab)}, initialised as PyTorch's {@code nn.Linear}:
 * weights U(-k, k), {@code k = 1/sqrt(nIn)}; bias 0). The output at position {@code q} of an item
 * predicts its character {@code q}, the item's end after its last character, as makemore.py's
 * {@code x = [0, c1..cn]}, {@code y = [c1..cn, 0]}.
 */
public final class SequenceGraph {

    /** Name of the graph's input. */
    public static final String ITEMS = Graphs.ITEMS;
    /** Name of the token (and position) embedding layer. */
    public static final String EMBEDDING = Graphs.EMBEDDING;
    /** Name of the output layer. */
    public static final String OUTPUT = Graphs.OUTPUT;

    private SequenceGraph() {
    }

    /** A graph builder with the project's shared settings and the {@link #ITEMS} input. */
    public static ComputationGraphConfiguration.GraphBuilder builder(GraphSettings settings) {
        return Graphs.builder(settings).addInputs(ITEMS);
    }

    /**
     * The embedding of {@code vocab} characters into {@code channels}, with a table of
     * {@code positions} position vectors added (0: none).
     */
    public static TokenEmbedding embedding(int vocab, int channels, int positions) {
        return new TokenEmbedding.Builder()
                .nIn(vocab)
                .nOut(channels)
                .positions(positions)
                .weightInit(new WeightInitDistribution(new NormalDistribution(0, 1)))
                .build();
    }

    /** The softmax output of {@code channels} inputs over {@code vocab} characters, at every position. */
    public static SoftmaxOutput output(long channels, int vocab) {
        return (SoftmaxOutput) new SoftmaxOutput.Builder(new LossSparseMCXENT())
                .nIn(channels)
                .nOut(vocab)
                .activation(Activation.SOFTMAX)
                .hasBias(true)
                .weightInit(WeightInit.UNIFORM)
                .biasInit(0)
                .build();
    }
}
