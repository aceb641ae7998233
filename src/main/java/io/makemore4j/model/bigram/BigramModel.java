package io.makemore4j.model.bigram;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.Graphs;
import io.makemore4j.model.sequence.SequenceGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * The bigram model ({@code model.type: bigram}), makemore.py's {@code Bigram}: one table of
 * next-character logits per previous character, over whole items.
 *
 * <pre>
 * items (B, T) character indices; mask (B, T)
 *  -> out  BigramOutput: softmax(W[previous character]) at every position   (B*T, vocab)
 * </pre>
 *
 * vocab x vocab trainable parameters: 729 for 27 characters, as makemore.py's.
 */
public final class BigramModel {

    private BigramModel() {
    }

    /** The graph of a {@code bigram} model section (its sizes other than the vocabulary do not matter). */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocabSize, GraphSettings settings) {
        Graphs.checkVocabulary(vocabSize);
        return SequenceGraph.builder(settings)
                .addLayer(SequenceGraph.OUTPUT, BigramOutput.of(vocabSize), SequenceGraph.ITEMS)
                .setOutputs(SequenceGraph.OUTPUT)
                .build();
    }
}
