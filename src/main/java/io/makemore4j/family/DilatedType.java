package io.makemore4j.family;

import io.makemore4j.config.Config;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.TrainConfig;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.ItemSampler;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.eval.OutputBudget;
import io.makemore4j.eval.ItemEvaluator;
import io.makemore4j.model.DilatedModel;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.sample.DilatedSampler;
import io.makemore4j.sample.Sampler;
import io.makemore4j.train.Trainer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * {@code model.type: dilated}: the hierarchical model as causal dilated convolutions over whole
 * items ({@link DilatedModel}), trained on items with their masks, evaluated over whole items,
 * sampled incrementally ({@link DilatedSampler}).
 */
final class DilatedType implements ModelType {

    @Override
    public ComputationGraphConfiguration configuration(ModelConfig model, int vocabularySize, GraphSettings settings) {
        return DilatedModel.configuration(model, vocabularySize, settings);
    }

    /**
     * Items with their masks ({@link ItemSampler}): {@code train.batch_size} predicted positions, as
     * {@code train.predict} says. The input mask marks the positions computed (batch statistics), the
     * label mask the positions in the loss.
     */
    @Override
    public Trainer.Batches batches(Config config, PreparedData data) {
        TrainConfig train = config.train();
        ItemSampler.Mode mode = train.predict() == TrainConfig.Predict.ALL ? ItemSampler.Mode.ALL : ItemSampler.Mode.SAMPLED;
        ItemSampler items = new ItemSampler(data.train().encoded(), train.batchSize(), train.seed(), mode);
        return step -> {
            ItemBatch b = items.batch(step);
            return new MultiDataSet(new INDArray[] {b.tokens()}, new INDArray[] {b.targets()},
                    new INDArray[] {b.mask()}, b.predicted() == null ? null : new INDArray[] {b.predicted()});
        };
    }

    @Override
    public Evaluator evaluator(ComputationGraph graph, Config config, PreparedData data) {
        ModelConfig m = config.model();
        long activations = m.nEmbd() + (long) m.flatten().size() * m.nHidden() * (m.gated() ? 2 : 1);   // a position's embedding and stages
        int chunk = OutputBudget.rows(data.vocabulary().size(), activations, ItemEvaluator.CHUNK);
        return new ItemEvaluator(graph, chunk, config.train().evalRows());
    }

    @Override
    public Sampler sampler(ComputationGraph graph, Config config, Vocabulary vocabulary) {
        return new DilatedSampler(graph, vocabulary, config.data().maxLength());
    }
}
