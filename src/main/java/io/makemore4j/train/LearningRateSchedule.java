package io.makemore4j.train;

import io.makemore4j.config.TrainConfig;

/**
 * The learning rate at each step, as a pure function of the step: {@code step} (the reference:
 * {@code lr} then {@code lr * decay_factor} once {@code step >= decay_at * steps}), {@code cosine}
 * (from {@code lr} down to {@code min_lr}) or {@code constant}; each with an optional linear warm-up.
 *
 * @param kind        step, cosine or constant
 * @param lr          the peak rate
 * @param steps       steps in the whole run
 * @param decayAt     step schedule: fraction of the steps before the decay
 * @param decayFactor step schedule: the factor applied after it
 * @param minLr       cosine schedule: the rate at the end
 * @param warmupSteps steps of linear warm-up (0: none)
 */
public record LearningRateSchedule(TrainConfig.Schedule kind, double lr, int steps, double decayAt, double decayFactor,
                                   double minLr, int warmupSteps) {

    /** The schedule a training config asks for. */
    public static LearningRateSchedule of(TrainConfig t) {
        return new LearningRateSchedule(t.schedule(), t.lr(), t.steps(), t.decayAt(), t.decayFactor(), t.minLr(),
                t.warmupSteps());
    }

    /** The rate used by the update of step {@code step} (0-based). */
    public double at(long step) {
        if (step < warmupSteps) {
            return lr * (step + 1) / warmupSteps;
        }
        return switch (kind) {
            case STEP -> step < decayAt * steps ? lr : lr * decayFactor; // as the reference: i < decay_at * steps
            case COSINE -> {
                double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, steps - 1 - warmupSteps));
                yield minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
            }
            case CONSTANT -> lr;
        };
    }
}
