package io.makemore4j.data;

import io.makemore4j.config.BadInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The items of a corpus shuffled and cut into train, validation and test, as the reference does:
 * <pre>
 *   random.seed(seed); random.shuffle(words)
 *   n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
 *   train, val, test = words[:n1], words[n1:n2], words[n2:]
 * </pre>
 * The split is by items, so every row of one item lands in the same split.
 *
 * @param train the first part of the shuffled items
 * @param val   the middle part
 * @param test  the rest
 */
public record ItemSplit(List<String> train, List<String> val, List<String> test) {

    public ItemSplit {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }

    /**
     * Shuffles a copy of the items with {@link PythonRandom} and cuts it at {@link #cutPoints}.
     *
     * @param fractions the train, val and test fractions ({@code data.split})
     * @param corpus    names the corpus in the error message
     * @throws BadInputException if a split would be empty
     */
    public static ItemSplit shuffled(List<String> items, List<Double> fractions, long seed, String corpus) {
        List<String> shuffled = new ArrayList<>(items);
        new PythonRandom(seed).shuffle(shuffled);
        int[] cuts = cutPoints(shuffled.size(), fractions);
        int n1 = cuts[0];
        int n2 = cuts[1];
        int n = shuffled.size();
        if (n1 < 1 || n2 <= n1 || n <= n2) {
            String empty = n1 < 1 ? "train" : n2 <= n1 ? "val" : "test";
            throw new BadInputException(String.format(
                    "corpus %s: its %d items are too few for data.split %s (the %s split would be empty)",
                    corpus, n, fractions, empty));
        }
        return new ItemSplit(shuffled.subList(0, n1), shuffled.subList(n1, n2), shuffled.subList(n2, n));
    }

    /**
     * Where the shuffled items are cut: {@code n1 = int(f0 * n)} and {@code n2 = int((f0 + f1) * n)},
     * truncating like Python's {@code int()}. Only the first two fractions matter; the test split
     * is the rest.
     *
     * <p>The sum {@code f0 + f1} is taken in decimal, then rounded once to a double, as Python reads
     * the literal the reference writes: the fractions are the decimals the user wrote, and adding
     * them as doubles can miss that literal ({@code 0.7 + 0.2} is {@code 0.8999999999999999}, which
     * cuts 30 items at 26 where {@code int(0.9 * 30)} is 27). So the default {@code [0.8, 0.1, 0.1]}
     * cuts exactly at {@code int(0.8 * n)} and {@code int(0.9 * n)}, and so does any split whose
     * first two fractions add up to 0.9.
     *
     * @return {@code {n1, n2}}
     */
    public static int[] cutPoints(int n, List<Double> fractions) {
        if (fractions.size() != 3) {
            throw new IllegalArgumentException("three fractions (train, val, test) expected, got " + fractions);
        }
        double first = fractions.get(0);
        double firstTwo = BigDecimal.valueOf(fractions.get(0)).add(BigDecimal.valueOf(fractions.get(1))).doubleValue();
        return new int[] {(int) (first * n), (int) (firstTwo * n)};
    }
}
