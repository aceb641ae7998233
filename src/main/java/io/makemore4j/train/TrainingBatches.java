package io.makemore4j.train;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.TrainConfig;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.ItemSampler;
import io.makemore4j.data.MinibatchSampler;
import io.makemore4j.data.PreparedData;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/** The training minibatches of a model type, as {@link Trainer.Batches}: a pure function of the step. */
public final class TrainingBatches {

    private TrainingBatches() {
    }

    /**
     * Context rows for the flatten model ({@link MinibatchSampler}: {@code train.batch_size} rows,
     * arrays reused at every step), items with their masks for the dilated model ({@link ItemSampler}:
     * {@code train.batch_size} predicted positions, as {@code train.predict} says).
     */
    public static Trainer.Batches of(ModelConfig model, TrainConfig train, PreparedData data) {
        if (model.dilated()) {
            ItemSampler.Mode mode = TrainConfig.PREDICT_ALL.equals(train.predict()) ? ItemSampler.Mode.ALL : ItemSampler.Mode.SAMPLED;
            ItemSampler items = new ItemSampler(data.train().items(), data.vocabulary(), train.batchSize(), train.seed(), mode);
            return step -> {
                ItemBatch b = items.batch(step);
                // the mask marks the positions computed (batch statistics); predicted, the positions in the loss
                return new MultiDataSet(new INDArray[] {b.tokens()}, new INDArray[] {b.targets()},
                        new INDArray[] {b.mask()}, b.predicted() == null ? null : new INDArray[] {b.predicted()});
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
