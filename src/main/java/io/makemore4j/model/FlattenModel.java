package io.makemore4j.model;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.model.layer.FusedLinearBatchNorm;
import io.makemore4j.model.layer.SequenceEmbedding;
import io.makemore4j.model.layer.SoftmaxOutput;
import io.makemore4j.model.vertex.FlattenConsecutive;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
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
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.List;

/**
 * The flatten model ({@code model.type: flatten}): the hierarchical character model over fixed
 * contexts as a DL4J {@link ComputationGraph}:
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
 * <p>{@link DilatedModel} is the same model as causal convolutions over whole items.
 *
 * <p>Every nIn is set explicitly: {@code setInputTypes} is deliberately not used, because DL4J then
 * re-derives nIn with override and would set the embedding's nIn to blockSize instead of the
 * vocabulary size. No RNN/feed-forward preprocessors are used between stages (they remember the last
 * batch size).
 */
public final class FlattenModel {

    private FlattenModel() {
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

    /** Name of the i-th (1-based) fused Linear+BatchNorm+activation layer ({@code model.fused}). */
    public static String fusedName(int stage) {
        return "fused" + stage;
    }

    /**
     * The graph configuration of a flatten model section.
     *
     * @param m         the model section, already validated (the flatten factors multiply to the block size)
     * @param vocabSize characters in the vocabulary, including the '.' boundary token
     * @param settings  updater, weight decay, seed and precision
     */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocabSize, GraphSettings settings) {
        Graphs.checkVocabulary(vocabSize);
        Activation activation = m.activation().dl4j();

        ComputationGraphConfiguration.GraphBuilder g = Graphs.builder(settings)
                .addInputs(Graphs.INPUT);

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
        g.addLayer(Graphs.EMBEDDING, m.fused() ? SequenceEmbedding.of(embedding) : embedding, Graphs.INPUT);

        String previous = Graphs.EMBEDDING;
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
                        .eps(Graphs.BN_EPS)
                        .decay(Graphs.BN_DECAY)
                        .build(), flattenName(stage));
                previous = fusedName(stage);
            } else {
                previous = addStockStage(g, m, stage, n * channels, activation);
            }
            channels = m.nHidden();
            time /= n;
        }

        // (batch, nHidden) -> (batch, vocab)
        g.addLayer(Graphs.OUTPUT, Graphs.outputLayer(m.fused() ? new SoftmaxOutput.Builder(new LossSparseMCXENT())
                : new OutputLayer.Builder(new LossSparseMCXENT()), channels, vocabSize), previous);
        g.setOutputs(Graphs.OUTPUT);
        return g.build();
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
                    .eps(Graphs.BN_EPS)
                    .decay(Graphs.BN_DECAY)
                    .useLogStd(false)
                    .build(), previous);
            previous = batchNormName(stage);
        }
        g.addLayer(activationName(stage), new ActivationLayer.Builder()
                .activation(activation)
                .build(), previous);
        return activationName(stage);
    }
}
