package io.makemore4j.run;

import io.makemore4j.checkpoint.RunDirectory;

/**
 * Told by {@link TrainingRun} whenever the run's files hold something new to show: after every
 * evaluation ({@code loss.csv} flushed, {@code status.json} rewritten) and at the end, whether the
 * run finished, stopped or diverged. A view of the run (its {@code report.html}) is rebuilt from
 * the files then, never from the trainer's memory, so that it cannot disagree with them.
 */
public interface RunObserver {

    /** Nobody is watching. */
    RunObserver NONE = new RunObserver() {
        @Override
        public void evaluated(RunDirectory run) {
        }

        @Override
        public void ended(RunDirectory run) {
        }
    };

    /** An evaluation of {@code run} is in its files; training goes on. */
    void evaluated(RunDirectory run);

    /** The session of {@code run} ended (finished, stopped or diverged) and its files say so. */
    void ended(RunDirectory run);
}
