package io.makemore4j.model.transformer;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.Graphs;
import io.makemore4j.model.layer.SoftmaxOutput;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * The Transformer ({@code model.type: transformer}): makemore's (and nanoGPT's) {@code Transformer}
 * as a DL4J {@link ComputationGraph} over whole items, every position predicted in one pass.
 *
 * <pre>
 * items (n, T) float indices: the boundary token, then the item's characters, then padding; mask (n, T)
 *  -> embedding  TokenPositionEmbedding: wte[token] + wpe[position], packed rows (R, C)
 *  -> block1 .. block{nLayer}  TransformerBlock: pre-LayerNorm causal self-attention + GELU MLP  (R, C)
 *  -> ln_f       RowLayerNorm                                        (R, C)
 *  -> positions  PackedPositions: one row per grid position          (n, T, C)
 *  -> out        Linear C -> vocab without bias, softmax             (n*T, vocab)
 * </pre>
 *
 * R is the batch's item positions rounded up to a multiple of {@link PackedRows#ROW_BLOCK}; the
 * padding after each item costs nothing before the output layer. The output at position q of an
 * item predicts its character q (the boundary after its last character). With makemore's sizes
 * (4 layers, 4 heads, 64 channels, block size 16, 27 symbols) it has 204,544 parameters, all trained.
 */
public final class TransformerModel {

    /** Name of the embedding layer. */
    public static final String EMBEDDING = "embedding";
    /** Name of the final layer norm. */
    public static final String FINAL_NORM = "ln_f";
    /** Name of the vertex from packed rows to grid positions. */
    public static final String POSITIONS = "positions";

    /**
     * The sizes of a Transformer.
     *
     * @param blockSize positions with an embedding: the longest item + 1
     * @param layers    blocks
     * @param heads     attention heads per block; they split {@code channels}
     * @param channels  embedding and residual width, C
     * @param dropout   the rate of every dropout in training (embedding, attention, residual branches)
     */
    public record Sizes(int blockSize, int layers, int heads, int channels, double dropout) {
    }

    private TransformerModel() {
    }

    /** Name of block {@code i} (1-based). */
    public static String blockName(int i) {
        return "block" + i;
    }

    /** The sizes of a ({@code transformer}) model section. */
    public static Sizes sizes(ModelConfig m) {
        return new Sizes(m.blockSize(), m.nLayer(), m.nHead(), m.nEmbd(), m.dropout());
    }

    /** The graph configuration of a ({@code transformer}) model section. */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocabSize, GraphSettings settings) {
        return configuration(sizes(m), vocabSize, settings);
    }

    /** The graph configuration. */
    public static ComputationGraphConfiguration configuration(Sizes s, int vocabSize, GraphSettings settings) {
        Graphs.checkVocabulary(vocabSize);
        ComputationGraphConfiguration.GraphBuilder g = Graphs.builder(settings).addInputs(Graphs.ITEMS);
        // (n, T) indices -> (R, C)
        g.addLayer(EMBEDDING, new TokenPositionEmbedding.Builder().nIn(vocabSize).nOut(s.channels()).blockSize(s.blockSize())
                .dropout(s.dropout()).build(), Graphs.ITEMS);
        String previous = EMBEDDING;
        for (int i = 1; i <= s.layers(); i++) {
            // (R, C) -> (R, C)
            g.addLayer(blockName(i), new TransformerBlock.Builder().channels(s.channels()).heads(s.heads())
                    .dropout(s.dropout()).build(), previous);
            previous = blockName(i);
        }
        g.addLayer(FINAL_NORM, new RowLayerNorm.Builder().channels(s.channels()).build(), previous);
        // (R, C) -> (n, T, C)
        g.addVertex(POSITIONS, new PackedPositions(), FINAL_NORM);
        // (n, T, C) -> (n*T, vocab); nn.Linear's uniform initialisation, no bias
        double bound = 1.0 / Math.sqrt(s.channels());
        g.addLayer(Graphs.OUTPUT, new SoftmaxOutput.Builder(new LossSparseMCXENT())
                .nIn(s.channels())
                .nOut(vocabSize)
                .activation(Activation.SOFTMAX)
                .hasBias(false)
                .weightInit(new WeightInitDistribution(new UniformDistribution(-bound, bound)))
                .build(), POSITIONS);
        g.setOutputs(Graphs.OUTPUT);
        return g.build();
    }

    /** The initialised graph. */
    public static ComputationGraph build(Sizes s, int vocabSize, GraphSettings settings) {
        ComputationGraph graph = new ComputationGraph(configuration(s, vocabSize, settings));
        graph.init();
        return graph;
    }
}
