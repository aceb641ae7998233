package io.makemore4j.run;

import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.eval.SplitLosses;
import io.makemore4j.train.TerminalBar;

import java.io.PrintStream;

/** The split losses of a run, with a progress bar of the rows (or items) evaluated when the output is a terminal. */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * {@code evaluator}'s losses on {@code data}; on {@code terminal} (null: not a terminal) a bar of
     * its {@link Evaluator#work} goes meanwhile, log lines printed above it.
     */
    public static SplitLosses of(Evaluator evaluator, PreparedData data, PrintStream terminal) {
        if (terminal == null) {
            return evaluator.evaluate(data);
        }
        try (TerminalBar bar = new TerminalBar(terminal, "evaluate", 0, evaluator.work(data), "")) {
            long[] done = {0};
            return evaluator.evaluate(data, n -> bar.update(done[0] += n, ""));
        }
    }
}
