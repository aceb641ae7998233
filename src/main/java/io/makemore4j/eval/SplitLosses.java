package io.makemore4j.eval;

import java.util.Locale;

/**
 * Mean cross-entropy loss on each split.
 *
 * @param train on the training split
 * @param val   on the validation split
 * @param test  on the test split
 */
public record SplitLosses(double train, double val, double test) {

    /** The losses as a small text table. */
    public String toTable() {
        return String.format(Locale.ROOT, "split  loss%ntrain  %.4f%nval    %.4f%ntest   %.4f%n", train, val, test);
    }
}
