package io.makemore4j.report;

import java.util.Locale;
import java.util.Map;

/**
 * One run as its own files describe it ({@link RunReader}): what the runs table lists and the
 * reports show. Losses are NaN where the run has none (no validation yet; not finished), numbers
 * -1 where unknown (a damaged run).
 *
 * @param name            the run directory's name
 * @param modelType       {@code model.type}
 * @param trainableParams trainable parameters of its network (without batch-norm running statistics)
 * @param stepsDone       steps the run has done (kept: a killed run's last checkpoint)
 * @param stepsPlanned    {@code train.steps} of its last session
 * @param status          finished, stopped, diverged, training now or damaged
 * @param bestVal         the lowest validation loss of {@code loss.csv}
 * @param bestValStep     its step (-1 when none)
 * @param trainLoss       {@code metrics.json}'s train loss, when the run finished at {@code stepsDone}
 * @param valLoss         its val loss
 * @param testLoss        its test loss
 * @param elapsedS        training seconds across resumes ({@code loss.csv}'s last {@code elapsed_s})
 * @param corpus          the corpus path recorded in {@code provenance.json}
 * @param config          the run's config keys and values ({@code data.*}, {@code model.*}, ...; empty when damaged)
 * @param curve           its loss curves (null when damaged)
 */
public record RunSummary(String name, String modelType, long trainableParams, int stepsDone, int stepsPlanned, Status status,
                         double bestVal, int bestValStep, double trainLoss, double valLoss, double testLoss, double elapsedS,
                         String corpus, Map<String, Object> config, LossCurve curve) {

    /** What the run is doing or how it ended. */
    public enum State {
        /** Trained to its planned steps, evaluated and sampled. */
        FINISHED,
        /** Stopped before its planned steps (asked, or killed): it can be resumed. */
        STOPPED,
        /** Stopped because the loss diverged. */
        DIVERGED,
        /** A process holds the run's lock and trains it now. */
        TRAINING,
        /** Its files fail validation. */
        DAMAGED;

        /** The lower-case name shown and written in JSON. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The run's state with its details.
     *
     * @param state   the state
     * @param step    the step it refers to (stopped at, diverged at, training at, finished at; -1 when damaged)
     * @param loss    for a diverged run, the loss that stopped it; else NaN
     * @param killed  for a stopped run, whether its process died without stopping cleanly
     * @param problem for a damaged run, what is wrong (one line naming the file); else null
     */
    public record Status(State state, int step, double loss, boolean killed, String problem) {

        /** How the runs table shows it: "finished", "stopped at step 150", "diverged at step 50 (loss NaN)", ... */
        public String text() {
            return switch (state) {
                case FINISHED -> "finished";
                case STOPPED -> "stopped at step " + step + (killed ? " (killed)" : "");
                case DIVERGED -> "diverged at step " + step + " (loss " + Numbers.loss(loss) + ")";
                case TRAINING -> "training now (step " + step + ")";
                case DAMAGED -> "damaged";
            };
        }
    }

    /** A run whose files fail validation: only its name and the problem are known. */
    static RunSummary damaged(String name, String problem) {
        return new RunSummary(name, "", -1, -1, -1, new Status(State.DAMAGED, -1, Double.NaN, false, problem), Double.NaN, -1,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", Map.of(), null);
    }
}
