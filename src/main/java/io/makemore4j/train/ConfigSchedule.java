package io.makemore4j.train;

import io.makemore4j.config.TrainConfig;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * {@link LearningRateSchedule} as a DL4J {@link ISchedule}, so that the updater itself applies the
 * rate of each iteration and the schedule travels inside every checkpoint (DL4J serialises it with
 * the updater's configuration, and the iteration count with the network).
 */
public final class ConfigSchedule implements ISchedule {

    @JsonProperty private final String kind;   // the YAML name (step, cosine, constant), as checkpoints store it
    @JsonProperty private final double lr;
    @JsonProperty private final int steps;
    @JsonProperty private final double decayAt;
    @JsonProperty private final double decayFactor;
    @JsonProperty private final double minLr;
    @JsonProperty private final int warmupSteps;

    /** Wraps a schedule. */
    public ConfigSchedule(LearningRateSchedule s) {
        this(s.kind().name().toLowerCase(Locale.ROOT), s.lr(), s.steps(), s.decayAt(), s.decayFactor(), s.minLr(), s.warmupSteps());
    }

    @JsonCreator
    public ConfigSchedule(@JsonProperty("kind") String kind, @JsonProperty("lr") double lr,
                          @JsonProperty("steps") int steps, @JsonProperty("decayAt") double decayAt,
                          @JsonProperty("decayFactor") double decayFactor, @JsonProperty("minLr") double minLr,
                          @JsonProperty("warmupSteps") int warmupSteps) {
        this.kind = kind;
        this.lr = lr;
        this.steps = steps;
        this.decayAt = decayAt;
        this.decayFactor = decayFactor;
        this.minLr = minLr;
        this.warmupSteps = warmupSteps;
    }

    /** The plain schedule this wraps. */
    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(TrainConfig.Schedule.valueOf(kind.toUpperCase(Locale.ROOT)), lr, steps, decayAt, decayFactor, minLr, warmupSteps);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return schedule().at(iteration);
    }

    @Override
    public ISchedule clone() {
        return new ConfigSchedule(schedule());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigSchedule other && schedule().equals(other.schedule());
    }

    @Override
    public int hashCode() {
        return schedule().hashCode();
    }
}
