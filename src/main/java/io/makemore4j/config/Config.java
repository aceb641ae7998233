package io.makemore4j.config;

/**
 * The whole resolved configuration of a run: one immutable section per stage of the pipeline.
 * Built and validated by {@link ConfigLoader}; every value here is already checked.
 */
public record Config(DataConfig data, ModelConfig model, TrainConfig train, CheckpointConfig checkpoint) {
}
