package io.makemore4j.config;

/**
 * The optimisation recipe (the {@code train} section).
 *
 * @param steps           optimiser steps in the whole run
 * @param batchSize       rows per step, drawn uniformly with replacement from the training split
 * @param optimizer       {@code sgd}, {@code adam} or {@code adamw}
 * @param lr              peak learning rate
 * @param schedule        {@code step}, {@code cosine} or {@code constant}
 * @param decayAt         {@code step}: fraction of the steps after which the rate is multiplied by {@code decayFactor}
 * @param decayFactor     {@code step}: the factor applied at {@code decayAt}
 * @param minLr           {@code cosine}: the rate reached at the last step
 * @param warmupSteps     linear warm-up from 0 to {@code lr} over this many steps (0: none)
 * @param momentum        {@code sgd}: momentum (0: plain SGD)
 * @param beta1           {@code adam}/{@code adamw}: first-moment decay
 * @param beta2           {@code adam}/{@code adamw}: second-moment decay
 * @param weightDecay     {@code adamw}: decoupled weight decay
 * @param seed            seed of the weights and of the minibatch draws
 * @param evalEvery       steps between validation losses
 * @param checkpointEvery steps between checkpoints
 * @param logEvery        steps between progress lines when output is not a terminal
 * @param divergeLoss     a loss above this for several steps in a row stops training
 * @param samples         items sampled at the end of training
 * @param predict         {@code sampled}: the batch's positions (rows) drawn uniformly from all training
 *                        positions (the dilated model runs each drawn item up to its last drawn position);
 *                        {@code all}: whole items drawn uniformly, every position predicted (the flatten
 *                        model then takes all their rows)
 * @param evalRows        a split with more rows than this is evaluated on a fixed, seeded sample of
 *                        this many (the dilated model: of its items, holding about this many positions)
 * @param sampleEvery     steps between the few items sampled while training (0: none)
 * @param replicas        data-parallel copies of the model, each stepping its share of every batch on
 *                        a thread of its own, their gradients averaged into one update (1: none)
 * @param ema             the decay of an exponential moving average of the weights kept beside them
 *                        (0: none); when set, validation, the final evaluation, sampling and the
 *                        checkpoints' model are the averaged weights
 */
public record TrainConfig(
        int steps,
        int batchSize,
        Optimizer optimizer,
        double lr,
        Schedule schedule,
        double decayAt,
        double decayFactor,
        double minLr,
        int warmupSteps,
        double momentum,
        double beta1,
        double beta2,
        double weightDecay,
        long seed,
        int evalEvery,
        int checkpointEvery,
        int logEvery,
        double divergeLoss,
        int samples,
        Predict predict,
        int evalRows,
        int sampleEvery,
        int replicas,
        double ema) {

    /** {@code train.optimizer}. */
    public enum Optimizer {
        /** Plain SGD ({@code w -= lr * grad}), or Nesterov momentum when {@code train.momentum > 0}. */
        SGD,
        /** Adam. */
        ADAM,
        /** Adam with decoupled weight decay ({@code train.weight_decay}). */
        ADAMW
    }

    /** {@code train.schedule}: the learning rate over the steps. */
    public enum Schedule {
        /** {@code lr}, then {@code lr * decay_factor} after {@code decay_at} of the steps. */
        STEP,
        /** Cosine from {@code lr} to {@code min_lr}. */
        COSINE,
        /** {@code lr} throughout (after any warm-up). */
        CONSTANT
    }

    /** {@code train.predict}: which positions a training batch predicts. */
    public enum Predict {
        /** Positions drawn uniformly from all training positions, as the flatten model's rows. */
        SAMPLED,
        /** Every position of whole items drawn uniformly. */
        ALL
    }

    /** Whether the run keeps a moving average of its weights ({@code train.ema} above 0). */
    public boolean averagesWeights() {
        return ema > 0;
    }

    /** The decoupled weight decay the graph is built with: {@code weight_decay} for adamw, else 0. */
    public double decoupledWeightDecay() {
        return optimizer == Optimizer.ADAMW ? weightDecay : 0.0;
    }
}
