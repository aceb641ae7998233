package io.makemore4j.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * {@code status.json}: what a run last recorded about itself, rewritten atomically while it trains
 * (at its start, at every evaluation and checkpoint) and once more at the end. None of the other run
 * files holds this: {@code metrics.json} exists only for a finished run and stays from an earlier
 * finish when a run is trained further, and a divergence otherwise goes only to stderr. Whether a
 * process is training the run <em>now</em> is not recorded here but asked of its {@link RunLock}:
 * a run killed while training still says {@link State#TRAINING}.
 *
 * @param state    what the run was doing when the file was written
 * @param step     steps done then (for {@link State#DIVERGED}: the step whose loss was bad)
 * @param steps    {@code train.steps} of that session: the steps planned
 * @param loss     for {@link State#DIVERGED}, the loss that stopped it (may be NaN or infinite); else null
 * @param elapsedS seconds of training across resumes, as {@code loss.csv}'s {@code elapsed_s}
 * @param updated  when the file was written (ISO-8601)
 */
public record RunStatus(
        @JsonProperty("state") State state,
        @JsonProperty("step") int step,
        @JsonProperty("steps") int steps,
        @JsonProperty("loss") @JsonInclude(JsonInclude.Include.NON_NULL) Double loss,
        @JsonProperty("elapsed_s") double elapsedS,
        @JsonProperty("updated") String updated) {

    /** What a run was doing. */
    public enum State {
        /** A training session was under way (or was killed: see {@link RunLock}). */
        @JsonProperty("training") TRAINING,
        /** Stopped as asked (a signal, {@code --until-step}) after a checkpoint; it can be resumed. */
        @JsonProperty("stopped") STOPPED,
        /** Stopped because the loss diverged; the last good checkpoint is kept. */
        @JsonProperty("diverged") DIVERGED,
        /** Trained to {@code train.steps}, evaluated and sampled: {@code metrics.json} written. */
        @JsonProperty("finished") FINISHED
    }

    /** The status {@code state} at {@code step} of {@code steps}, written now. */
    public static RunStatus of(State state, int step, int steps, double elapsedS) {
        return new RunStatus(state, step, steps, null, millis(elapsedS), Instant.now().toString());
    }

    /** A run that diverged at {@code step} with {@code loss}. */
    public static RunStatus diverged(int step, int steps, double loss, double elapsedS) {
        return new RunStatus(State.DIVERGED, step, steps, loss, millis(elapsedS), Instant.now().toString());
    }

    /** Seconds to the millisecond, as {@code loss.csv} writes them. */
    private static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** Why this record cannot be a run's status, or null when it can. */
    String problem() {
        return state == null ? "field state must be one of training, stopped, diverged, finished"
                : step < 0 ? "field step must be >= 0, got " + step
                : steps < 1 ? "field steps must be >= 1, got " + steps
                : !(elapsedS >= 0) || Double.isInfinite(elapsedS) ? "field elapsed_s must be a number >= 0, got " + elapsedS
                : state == State.DIVERGED && loss == null ? "field loss is missing (a diverged run records the loss that stopped it)"
                : null;
    }
}
