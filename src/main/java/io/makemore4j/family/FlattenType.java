package io.makemore4j.family;

import io.makemore4j.config.Config;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.TrainConfig;
import io.makemore4j.data.ContextRows;
import io.makemore4j.data.ItemSampler;
import io.makemore4j.data.MinibatchSampler;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.eval.OutputBudget;
import io.makemore4j.eval.SplitEvaluator;
import io.makemore4j.model.FlattenModel;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.sample.ContextSampler;
import io.makemore4j.sample.Sampler;
import io.makemore4j.train.Trainer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code model.type: flatten}: the hierarchical model over fixed contexts ({@link FlattenModel}),
 * trained on context rows, evaluated over the rows of a split (a fixed sample of a large one),
 * sampled a context at a time.
 */
final class FlattenType implements ModelType {

    @Override
    public ComputationGraphConfiguration configuration(ModelConfig model, int vocabularySize, GraphSettings settings) {
        return FlattenModel.configuration(model, vocabularySize, settings);
    }

    /**
     * {@code train.batch_size} context rows drawn uniformly ({@link MinibatchSampler}; arrays reused
     * at every step). With {@code train.predict: all}, every row of whole items instead: the rows of
     * the items the dilated model would draw (the control experiment for its whole-item batches).
     */
    @Override
    public Trainer.Batches batches(Config config, PreparedData data) {
        TrainConfig train = config.train();
        if (train.predict() == TrainConfig.Predict.ALL) {
            ItemSampler items = new ItemSampler(data.train().encoded(), train.batchSize(), train.seed(), ItemSampler.Mode.ALL);
            ContextRows rows = data.train().rows();
            return step -> {
                long[] drawn = items.wholeItemRows(step);
                INDArray features = Nd4j.create(DataType.FLOAT, new long[] {drawn.length, rows.blockSize()}, 'c');  // (rows, blockSize)
                INDArray labels = Nd4j.create(DataType.FLOAT, new long[] {drawn.length, 1}, 'c');                   // (rows, 1)
                rows.fillRows(drawn, features, labels);
                return new MultiDataSet(features, labels);
            };
        }
        MinibatchSampler rows = new MinibatchSampler(data.train().rows(), train.batchSize(), train.seed());
        MultiDataSet batch = new MultiDataSet(rows.features(), rows.labels());
        return step -> {
            rows.fill(step);
            return batch;
        };
    }

    @Override
    public Evaluator evaluator(ComputationGraph graph, Config config, PreparedData data) {
        ModelConfig m = config.model();
        // a row's embedding (block_size x n_embd, the widest when n_embd is large) and first stage (the widest otherwise)
        long activations = (long) m.blockSize() * m.nEmbd() + (long) m.blockSize() / m.flatten().get(0) * m.nHidden();
        int chunk = OutputBudget.rows(data.vocabulary().size(), activations, SplitEvaluator.CHUNK);
        return new SplitEvaluator(graph, chunk, config.train().evalRows());
    }

    @Override
    public Sampler sampler(ComputationGraph graph, Config config, Vocabulary vocabulary) {
        return new ContextSampler(graph, vocabulary, config.model().blockSize(), config.data().maxLength());
    }
}
