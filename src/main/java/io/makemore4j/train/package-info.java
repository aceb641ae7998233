/**
 * Training: the loop ({@link io.makemore4j.train.Trainer}) that returns a
 * {@link io.makemore4j.train.TrainResult}, its optimiser step ({@link io.makemore4j.train.TrainingStep}:
 * {@link io.makemore4j.train.GraphStep}, DL4J's fit without its per-step overhead, or
 * {@link io.makemore4j.train.ReplicaStep}, data-parallel replicas of the graph sharing each batch,
 * {@code train.replicas}), the moving average of the weights ({@link io.makemore4j.train.WeightAverage},
 * {@code train.ema}), the learning-rate schedule as a pure function of the
 * step, the DL4J updater for the configured optimiser, the listener interface through which
 * progress, loss logs and checkpoints hear about each step, and {@link io.makemore4j.train.Faults},
 * through which the reliability tests inject failures (the product passes {@code Faults.NONE}).
 */
package io.makemore4j.train;
