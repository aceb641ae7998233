package io.makemore4j.train;

import io.makemore4j.config.TrainConfig;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The DL4J updater for {@code train.optimizer}, driven by the config's learning-rate schedule.
 * {@code sgd} is plain {@code w -= lr * grad} (the reference), or Nesterov momentum when
 * {@code train.momentum > 0} (DL4J has no classical-momentum updater); {@code adam} and
 * {@code adamw} are Adam, {@code adamw} with decoupled weight decay added by the model factory.
 */
public final class Updaters {

    private Updaters() {
    }

    /** The updater for a training config. */
    public static IUpdater of(TrainConfig t) {
        ConfigSchedule schedule = new ConfigSchedule(LearningRateSchedule.of(t));
        return switch (t.optimizer()) {
            case SGD -> t.momentum() > 0
                    ? Nesterovs.builder().learningRateSchedule(schedule).momentum(t.momentum()).build()
                    : Sgd.builder().learningRateSchedule(schedule).build();
            case ADAM, ADAMW -> Adam.builder().learningRateSchedule(schedule).beta1(t.beta1()).beta2(t.beta2())
                    .epsilon(Adam.DEFAULT_ADAM_EPSILON).build();
        };
    }
}
