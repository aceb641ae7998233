package io.makemore4j.model.recurrent;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.ModelKind;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.Graphs;
import io.makemore4j.model.sequence.SequenceGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The recurrent models ({@code model.type: gru, rnn, lstm}), makemore.py's {@code RNN} over whole
 * items:
 *
 * <pre>
 * items (B, T) character indices: the boundary, the item, padding; mask (B, T)
 *  -> embedding  TokenEmbedding vocab -> n_embd                     (B, T, n_embd)
 *  -> cell       gru: RecurrentCell (GRU), rnn: RecurrentCell (tanh), from a learned start state;
 *                lstm: DL4J's LSTM (zero start state)              (B, T, n_embd2)
 *  -> out        softmax over the vocabulary at every position     (B*T, vocab)
 * </pre>
 *
 * At makemore.py's sizes (n_embd 64, n_embd2 64, 27 characters) the gru has 28,315 trainable
 * parameters and the rnn 11,803, as makemore.py's.
 */
public final class RecurrentModel {

    /** Name of the recurrent layer. */
    public static final String CELL = "cell";

    private RecurrentModel() {
    }

    /** The graph of a {@code gru}, {@code rnn} or {@code lstm} model section. */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocabSize, GraphSettings settings) {
        Graphs.checkVocabulary(vocabSize);
        Layer cell = switch (m.type()) {
            case GRU, RNN -> new RecurrentCell.Builder().gated(m.type() == ModelKind.GRU).nIn(m.nEmbd()).nOut(m.nEmbd2()).build();
            case LSTM -> new LSTM.Builder()
                    .nIn(m.nEmbd())
                    .nOut(m.nEmbd2())
                    .activation(Activation.TANH)
                    .gateActivationFunction(Activation.SIGMOID)
                    .weightInit(WeightInit.UNIFORM)                  // U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as PyTorch's
                    .dataFormat(RNNFormat.NWC)
                    .build();
            default -> throw new IllegalArgumentException("not a recurrent model.type: " + m.type().yamlName());
        };
        return SequenceGraph.builder(settings)
                .addLayer(SequenceGraph.EMBEDDING, SequenceGraph.embedding(vocabSize, m.nEmbd(), 0), SequenceGraph.ITEMS)
                .addLayer(CELL, cell, SequenceGraph.EMBEDDING)
                .addLayer(SequenceGraph.OUTPUT, SequenceGraph.output(m.nEmbd2(), vocabSize), CELL)
                .setOutputs(SequenceGraph.OUTPUT)
                .build();
    }
}
