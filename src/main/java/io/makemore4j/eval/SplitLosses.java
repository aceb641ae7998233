package io.makemore4j.eval;

import java.util.Locale;

/**
 * Mean cross-entropy loss on each split.
 *
 * @param train on the training split
 * @param val   on the validation split
 * @param test  on the test split
 * @param note  "" when every split was evaluated whole, else which were sampled ({@code train.eval_rows})
 */
public record SplitLosses(double train, double val, double test, String note) {

    /** Losses of whole splits. */
    public SplitLosses(double train, double val, double test) {
        this(train, val, test, "");
    }

    /** The losses as a small text table, and the note under it when there is one. */
    public String toTable() {
        String valCell = Double.isNaN(val) ? "-       (no validation split)" : String.format(Locale.ROOT, "%.4f", val);
        String table = String.format(Locale.ROOT, "split  loss%ntrain  %.4f%nval    %s%ntest   %.4f%n", train, valCell, test);
        return note.isEmpty() ? table : table + String.format("%s%n", note);
    }
}
