package io.makemore4j.model.bow;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.Graphs;
import io.makemore4j.model.sequence.SequenceGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * The bag-of-words model ({@code model.type: bow}), makemore.py's {@code BoW} over whole items:
 *
 * <pre>
 * items (B, T) character indices; mask (B, T)
 *  -> embedding  TokenEmbedding vocab -> n_embd, plus a position table of block_size rows   (B, T, n_embd)
 *  -> bow        CausalBow: x + causal mean, then + MLP n_embd -> n_embd2 -> n_embd       (B, T, n_embd)
 *  -> out        softmax over the vocabulary at every position                            (B*T, vocab)
 * </pre>
 *
 * At makemore.py's sizes (block_size 16, n_embd 64, n_embd2 64, 27 characters): 12,827 trainable
 * parameters, as makemore.py's.
 */
public final class BowModel {

    /** Name of the bag-of-words block. */
    public static final String BOW = "bow";

    private BowModel() {
    }

    /** The graph of a {@code bow} model section. */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocabSize, GraphSettings settings) {
        Graphs.checkVocabulary(vocabSize);
        return SequenceGraph.builder(settings)
                .addLayer(SequenceGraph.EMBEDDING, SequenceGraph.embedding(vocabSize, m.nEmbd(), m.blockSize()), SequenceGraph.ITEMS)
                .addLayer(BOW, new CausalBow.Builder().hidden(m.nEmbd2()).nIn(m.nEmbd()).nOut(m.nEmbd()).build(), SequenceGraph.EMBEDDING)
                .addLayer(SequenceGraph.OUTPUT, SequenceGraph.output(m.nEmbd(), vocabSize), BOW)
                .setOutputs(SequenceGraph.OUTPUT)
                .build();
    }
}
