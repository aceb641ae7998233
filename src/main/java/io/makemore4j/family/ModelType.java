package io.makemore4j.family;

import io.makemore4j.config.Config;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.sample.Sampler;
import io.makemore4j.train.Trainer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Everything that differs between two values of {@code model.type}: how its graph is built, how a
 * training batch is drawn, how its loss on a split is measured and how it samples. One
 * implementation per type, registered in {@link ModelFamily}.
 */
public interface ModelType {

    /** The graph configuration of a (validated) model section. */
    ComputationGraphConfiguration configuration(ModelConfig model, int vocabularySize, GraphSettings settings);

    /**
     * Refuses a corpus this model cannot take (e.g. items longer than a sequence model's positions),
     * with a {@code BadInputException} naming the item's line; called before a run writes anything.
     */
    default void checkData(Config config, PreparedData data) {
    }

    /** The training minibatches: a pure function of the step, so that a resumed run draws the same ones. */
    Trainer.Batches batches(Config config, PreparedData data);

    /** The split losses of a graph of this type, in inference mode. */
    Evaluator evaluator(ComputationGraph graph, Config config, PreparedData data);

    /** The sampler of a graph of this type; items end at {@code data.max_length} characters. */
    Sampler sampler(ComputationGraph graph, Config config, Vocabulary vocabulary);
}
