package io.makemore4j.sample;

import io.makemore4j.config.BadInputException;
import io.makemore4j.data.PreparedData;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws until it has {@code n} items that pass a filter: {@code fresh}, in none of the splits
 * (names that sound like the corpus but are not in it); {@code unique}, no item twice. Draws come in
 * rounds from one {@link Sampler}: the first round with the caller's seed (so without filters the
 * items are exactly the sampler's), each later one with a seed derived from it and the round, of
 * twice the items still missing (at least 64); items keep the order they were drawn in. Bounded by
 * {@code maxDraws} draws in all, after which it refuses with what it found.
 *
 * @param fresh    keep only items in none of the splits
 * @param unique   drop repeats
 * @param maxDraws the most items drawn in all
 */
public record ItemFilter(boolean fresh, boolean unique, long maxDraws) {

    /** The smallest round after the first. */
    private static final int MIN_ROUND = 64;

    public ItemFilter {
        if (maxDraws < 1) {
            throw new IllegalArgumentException("maxDraws must be positive, got " + maxDraws);
        }
    }

    /**
     * {@code n} items that pass the filter.
     *
     * @throws BadInputException if {@code maxDraws} draws do not give {@code n} of them
     */
    public List<String> draw(Sampler sampler, int n, SamplingOptions options, PreparedData data) {
        if (!fresh && !unique) {
            return sampler.sample(n, options);
        }
        List<String> kept = new ArrayList<>(n);
        Set<String> seen = new LinkedHashSet<>();
        long drawn = 0;
        for (int round = 0; kept.size() < n && drawn < maxDraws; round++) {
            int missing = n - kept.size();
            int size = (int) Math.min(maxDraws - drawn, round == 0 ? missing : Math.max(MIN_ROUND, 2L * missing));
            SamplingOptions o = round == 0 ? options
                    : new SamplingOptions(options.seed() * 0x9E3779B97F4A7C15L + round, options.temperature(), options.topK(), options.prefix());
            for (String item : sampler.sample(size, o)) {
                if (kept.size() < n && (!fresh || data.novelty(item).equals("new")) && (!unique || seen.add(item))) {
                    kept.add(item);
                }
            }
            drawn += size;
        }
        if (kept.size() < n) {
            throw new BadInputException(String.format("only %d of the %d items asked for were %s after %,d draws (--max-draws); "
                    + "ask for fewer, raise --temperature, or allow more draws", kept.size(), n, what(), drawn));
        }
        return kept;
    }

    private String what() {
        return fresh && unique ? "new and distinct" : fresh ? "new (in none of the splits)" : "distinct";
    }
}
