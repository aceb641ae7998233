package io.makemore4j.model;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.model.layer.DilatedConv;
import io.makemore4j.model.layer.ItemEmbedding;
import io.makemore4j.model.layer.RowDropout;
import io.makemore4j.model.layer.StepDropout;
import io.makemore4j.model.layer.SoftmaxOutput;
import io.makemore4j.model.vertex.ItemRows;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.ArrayList;
import java.util.List;

/**
 * The dilated model ({@code model.type: dilated}): the hierarchical model computed over whole items
 * as causal convolutions, one pass for every position of an item.
 *
 * <pre>
 * items (n, T) float indices: the boundary token, then the item's characters, then padding
 *  -> embedding  ItemEmbedding: the rows of the shared-boundary layout   (1 + n(T-1), nEmbd)
 *  for each flatten factor k (stage i = 1, 2, ...; dilation d = product of the earlier factors):
 *  -> conv{i}    DilatedConv(kernel k, dilation d): causal conv (no bias) + masked BN + tanh
 *                                                               (1 + n(T-1), nHidden)
 *     [gated:    gate{i} the same with sigmoid; gated{i} = conv{i} * gate{i}]
 *     [residual: res{i} = stage input + stage output, when both have nHidden channels]
 *     [dropout:  drop{i}]
 *  [skip: skip = sum of every stage's output]
 *  -> positions  ItemRows: one row per item position            (n, T, nHidden)
 *  -> out        softmax over the vocabulary at every position  (n*T, vocab)
 * </pre>
 *
 * Row 0 of the layout stands for every position before the items, whose activations are the same
 * for all items at every stage (see {@code DilatedConvLayer}).
 *
 * The graph's input mask {@code (items, T)} marks the positions to predict; the output at position
 * {@code q} of an item predicts its character {@code q} (the item's end after its last character).
 * Without the options, the parameters are those of the flatten model with the same keys, with the
 * same shapes and order and the same initial draws (72,617 trainable for the default).
 */
public final class DilatedModel {

    private DilatedModel() {
    }

    /**
     * The graph configuration of a dilated model section.
     *
     * @param m         the model section, already validated (the flatten factors multiply to the block size)
     * @param vocabSize characters in the vocabulary, including the '.' boundary token
     * @param settings  updater, weight decay, seed and precision
     */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocabSize, GraphSettings settings) {
        Graphs.checkVocabulary(vocabSize);
        Activation activation = m.activation().dl4j();
        ComputationGraphConfiguration.GraphBuilder g = Graphs.builder(settings)
                .addInputs(Graphs.ITEMS);

        g.addLayer(Graphs.EMBEDDING, embedding(m, vocabSize), Graphs.ITEMS);

        String previous = Graphs.EMBEDDING;
        long channels = m.nEmbd();
        int dilation = 1;
        List<String> stageOutputs = new ArrayList<>();
        for (int i = 0; i < m.flatten().size(); i++) {
            int stage = i + 1;
            int k = m.flatten().get(i);
            int receptiveField = dilation * k;
            int padded = m.blockSize() - receptiveField + 1;   // positions before the item that row 0 stands for
            // (items, T, channels) -> (items, T, nHidden)
            g.addLayer(convName(stage), conv(k, dilation, padded, channels, m.nHidden(), activation), previous);
            String out = convName(stage);
            if (m.gated()) {
                g.addLayer(gateName(stage), conv(k, dilation, padded, channels, m.nHidden(), Activation.SIGMOID), previous);
                g.addVertex(gatedName(stage), new ElementWiseVertex(ElementWiseVertex.Op.Product), convName(stage), gateName(stage));
                out = gatedName(stage);
            }
            if (m.residual() && channels == m.nHidden()) {
                g.addVertex(residualName(stage), new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, out);
                out = residualName(stage);
            }
            if (m.dropout() > 0) {
                // masks a function of (train.seed, stage, step): a resumed run drops what an uninterrupted one does
                g.addLayer(dropoutName(stage), new RowDropout(new StepDropout(m.dropout(), settings.seed(), stage)), out);
                out = dropoutName(stage);
            }
            stageOutputs.add(out);
            previous = out;
            channels = m.nHidden();
            dilation = receptiveField;
        }
        if (m.skip() && stageOutputs.size() > 1) {
            g.addVertex(SKIP, new ElementWiseVertex(ElementWiseVertex.Op.Add), stageOutputs.toArray(new String[0]));
            previous = SKIP;
        }

        // shared-boundary rows -> one row per item position: (1 + items*(T-1), C) -> (items, T, C)
        g.addVertex(POSITIONS, new ItemRows(), previous);
        previous = POSITIONS;

        // (items, T, nHidden) -> (items*T, vocab)
        g.addLayer(Graphs.OUTPUT, Graphs.outputLayer(new SoftmaxOutput.Builder(new LossSparseMCXENT()), channels,
                vocabSize), previous);
        g.setOutputs(Graphs.OUTPUT);
        return g.build();
    }

    /** (items, T) indices -> the rows of the shared-boundary layout (1 + items*(T-1), nEmbd); N(0, 1) like nn.Embedding. */
    private static ItemEmbedding embedding(ModelConfig m, int vocabSize) {
        // T varies from batch to batch
        return ItemEmbedding.of(new EmbeddingSequenceLayer.Builder()
                .nIn(vocabSize)
                .nOut(m.nEmbd())
                .inferInputLength(true)
                .outputDataFormat(RNNFormat.NWC)
                .hasBias(false)
                .weightInit(new WeightInitDistribution(new NormalDistribution(0, 1)))
                .build());
    }

    private static DilatedConv conv(int kernel, int dilation, int padded, long channels, long nOut, Activation activation) {
        DilatedConv.Builder b = new DilatedConv.Builder().kernel(kernel).dilation(dilation).paddedPositions(padded);
        b.nIn(kernel * channels)
                .nOut(nOut)
                .activation(activation)
                .weightInit(WeightInit.NORMAL);
        b.eps(Graphs.BN_EPS).decay(Graphs.BN_DECAY);
        return b.build();
    }

    /** Name of the vertex giving each item position its own row before the output layer. */
    public static final String POSITIONS = "positions";

    /** Name of the sum of the stage outputs ({@code model.skip}). */
    public static final String SKIP = "skip";

    /** Name of the i-th (1-based) convolution stage. */
    public static String convName(int stage) {
        return "conv" + stage;
    }

    /** Name of the i-th (1-based) gate of a gated model ({@code model.gated}): the sigmoid convolution. */
    public static String gateName(int stage) {
        return "gate" + stage;
    }

    /** Name of the i-th (1-based) product of a stage and its gate. */
    public static String gatedName(int stage) {
        return "gated" + stage;
    }

    /** Name of the i-th (1-based) residual sum ({@code model.residual}): stage input + output. */
    public static String residualName(int stage) {
        return "res" + stage;
    }

    /** Name of the i-th (1-based) dropout ({@code model.dropout}). */
    public static String dropoutName(int stage) {
        return "drop" + stage;
    }
}
