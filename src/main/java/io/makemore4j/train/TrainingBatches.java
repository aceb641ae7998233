package io.makemore4j.train;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.TrainConfig;
import io.makemore4j.data.ContextRows;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.ItemSampler;
import io.makemore4j.data.MinibatchSampler;
import io.makemore4j.data.PreparedData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The training minibatches of a model type, as {@link Trainer.Batches}: a pure function of the step. */
public final class TrainingBatches {

    private TrainingBatches() {
    }

    /**
     * Context rows for the flatten model ({@link MinibatchSampler}: {@code train.batch_size} rows,
     * arrays reused at every step), items with their masks for the dilated model ({@link ItemSampler}:
     * {@code train.batch_size} predicted positions, as {@code train.predict} says). With
     * {@code train.predict: all} the flatten model too learns from whole items: all the rows of the
     * items the dilated model would draw.
     */
    public static Trainer.Batches of(ModelConfig model, TrainConfig train, PreparedData data) {
        if (model.dilated()) {
            ItemSampler.Mode mode = TrainConfig.PREDICT_ALL.equals(train.predict()) ? ItemSampler.Mode.ALL : ItemSampler.Mode.SAMPLED;
            ItemSampler items = new ItemSampler(data.train().encoded(), train.batchSize(), train.seed(), mode);
            return step -> {
                ItemBatch b = items.batch(step);
                // the mask marks the positions computed (batch statistics); predicted, the positions in the loss
                return new MultiDataSet(new INDArray[] {b.tokens()}, new INDArray[] {b.targets()},
                        new INDArray[] {b.mask()}, b.predicted() == null ? null : new INDArray[] {b.predicted()});
            };
        }
        if (TrainConfig.PREDICT_ALL.equals(train.predict())) {
            // every row of whole items (a comparison: this is how the dilated model's 'all' batches see the data)
            ItemSampler items = new ItemSampler(data.train().encoded(), train.batchSize(), train.seed(), ItemSampler.Mode.ALL);
            ContextRows rows = data.train().rows();
            return step -> {
                long[] drawn = items.wholeItemRows(step);
                INDArray features = Nd4j.create(DataType.FLOAT, new long[] {drawn.length, rows.blockSize()}, 'c');
                INDArray labels = Nd4j.create(DataType.FLOAT, new long[] {drawn.length, 1}, 'c');
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
}
