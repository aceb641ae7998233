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
 */
public record TrainConfig(
        int steps,
        int batchSize,
        String optimizer,
        double lr,
        String schedule,
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
        String predict,
        int evalRows) {

    /** {@code train.predict}: positions drawn uniformly, as the flatten model's rows. */
    public static final String PREDICT_SAMPLED = "sampled";
    /** {@code train.predict}: every position of whole items. */
    public static final String PREDICT_ALL = "all";
}
