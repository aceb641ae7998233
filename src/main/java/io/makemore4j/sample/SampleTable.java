package io.makemore4j.sample;

import io.makemore4j.data.PreparedData;

import java.util.List;
import java.util.Locale;

/** Sampled items as printed and saved: one per line with its novelty label, then the share of new ones. */
public final class SampleTable {

    private SampleTable() {
    }

    /** One line per item, its novelty label aligned, then the share of new items. */
    public static List<String> lines(List<String> items, PreparedData data) {
        int width = items.stream().mapToInt(String::length).max().orElse(0) + 2;
        List<String> novelty = data.novelty(items);   // one scan over the corpus for all the items
        long fresh = novelty.stream().filter(label -> label.equals("new")).count();
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            lines.add(String.format(Locale.ROOT, "%-" + width + "s%s", item.isEmpty() ? "(empty)" : item, novelty.get(i)));
        }
        lines.add(String.format(Locale.ROOT, "%d of %d new (%.0f%%)", fresh, items.size(), 100.0 * fresh / Math.max(1, items.size())));
        return lines;
    }

    /** {@link #lines} joined with line separators, ending with one. */
    public static String render(List<String> items, PreparedData data) {
        return String.join(System.lineSeparator(), lines(items, data)) + System.lineSeparator();
    }
}
