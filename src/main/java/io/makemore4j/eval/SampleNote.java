package io.makemore4j.eval;

import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The line under a loss table that says which splits were evaluated on a sample ({@link EvalSample}). */
final class SampleNote {

    private SampleNote() {
    }

    /**
     * "" when every split was evaluated whole, else e.g. {@code "losses on a fixed sample
     * (train.eval_rows): train 500,000 of 8,723,529 rows"}.
     *
     * @param counts of a split: how many of its rows (or items) were evaluated, and how many it has
     * @param unit   "rows" or "items"
     */
    static String of(PreparedData data, Function<Split, long[]> counts, String unit) {
        List<String> parts = new ArrayList<>();
        for (Split split : List.of(data.train(), data.val(), data.test())) {
            long[] c = counts.apply(split);
            if (c[0] < c[1]) {
                parts.add(String.format(Locale.ROOT, "%s %,d of %,d %s", split.name(), c[0], c[1], unit));
            }
        }
        return parts.isEmpty() ? "" : "losses on a fixed sample (train.eval_rows): " + String.join(", ", parts);
    }
}
