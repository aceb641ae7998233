package io.makemore4j.family;

import io.makemore4j.config.Config;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.CorpusReader;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.SequenceSampler;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.eval.ItemEvaluator;
import io.makemore4j.eval.OutputBudget;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.sample.GraphSteps;
import io.makemore4j.sample.IncrementalSampler;
import io.makemore4j.sample.Sampler;
import io.makemore4j.sample.StepModel;
import io.makemore4j.train.Trainer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.function.Function;

/**
 * A sequence model over whole items (makemore.py's {@code gru}, {@code rnn}, {@code bow},
 * {@code bigram}, and DL4J's {@code lstm}): trained on {@code train.batch_size} whole items per step
 * padded to {@code model.block_size} positions, every position predicted ({@link SequenceSampler},
 * as makemore.py's batches; {@code train.predict} does not apply); evaluated over whole items
 * ({@link ItemEvaluator}); sampled one character at a time by a {@link StepModel} of the graph: its
 * stateful layers ({@link GraphSteps}), or a model type's own (the Transformer's key/value cache). An item takes its length + 1 positions, so items are at most
 * {@code block_size - 1} characters long, in the corpus and in samples.
 */
final class SequenceType implements ModelType {

    /** Builds a sequence model's graph. */
    @FunctionalInterface
    interface Builder {
        ComputationGraphConfiguration configuration(ModelConfig model, int vocabularySize, GraphSettings settings);
    }

    private final Builder builder;
    private final Function<ComputationGraph, StepModel> steps;

    /** A type sampled through its graph's stateful layers ({@link GraphSteps}). */
    SequenceType(Builder builder) {
        this(builder, GraphSteps::new);
    }

    /** A type sampled by its own step model of a graph. */
    SequenceType(Builder builder, Function<ComputationGraph, StepModel> steps) {
        this.builder = builder;
        this.steps = steps;
    }

    @Override
    public ComputationGraphConfiguration configuration(ModelConfig model, int vocabularySize, GraphSettings settings) {
        return builder.configuration(model, vocabularySize, settings);
    }

    /** Refuses the first item longer than {@code block_size - 1} characters, naming its line. */
    @Override
    public void checkData(Config config, PreparedData data) {
        int blockSize = config.model().blockSize();
        if (data.corpus().longestItem().codePointCount(0, data.corpus().longestItem().length()) <= blockSize - 1) {
            return;
        }
        // the corpus is read again, only to name the line of the first item that is too long
        CorpusReader.read(config.data()).requireMaxLength(blockSize - 1, "model.block_size " + blockSize + " allows for model.type "
                + config.model().type().yamlName() + " (" + (blockSize - 1) + ": an item's characters and its end are its positions)");
    }

    @Override
    public Trainer.Batches batches(Config config, PreparedData data) {
        SequenceSampler items = new SequenceSampler(data.train().encoded(), config.train().batchSize(),
                config.model().blockSize(), config.train().seed());
        return step -> {
            ItemBatch b = items.batch(step);
            return new MultiDataSet(new INDArray[] {b.tokens()}, new INDArray[] {b.targets()}, new INDArray[] {b.mask()}, null);
        };
    }

    @Override
    public Evaluator evaluator(ComputationGraph graph, Config config, PreparedData data) {
        ModelConfig m = config.model();
        long activations = (long) Math.max(1, m.nLayer()) * Math.max(m.nEmbd(), m.nHidden()) * 4;   // a position's hidden rows, roughly
        int chunk = OutputBudget.rows(data.vocabulary().size(), activations, ItemEvaluator.CHUNK);
        return new ItemEvaluator(graph, chunk, config.train().evalRows());
    }

    /** Items end at {@code data.max_length} or {@code block_size - 1} characters, whichever is less. */
    @Override
    public Sampler sampler(ComputationGraph graph, Config config, Vocabulary vocabulary) {
        int maxLength = Math.min(config.data().maxLength(), config.model().blockSize() - 1);
        return new IncrementalSampler(steps.apply(graph), vocabulary, maxLength);
    }
}
