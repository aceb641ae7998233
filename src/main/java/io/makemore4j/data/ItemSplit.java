package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.data.store.PackedArray;
import io.makemore4j.data.store.Storage;

import java.math.BigDecimal;
import java.util.List;

/**
 * The items of a corpus shuffled and cut into train, validation and test, as the reference does:
 * <pre>
 *   random.seed(seed); random.shuffle(words)
 *   n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
 *   train, val, test = words[:n1], words[n1:n2], words[n2:]
 * </pre>
 * held as the permutation: {@code order.get(p)} is the file-order index of the item at shuffled
 * position {@code p} (one small integer per item, no object per item); train is positions
 * {@code [0, n1)}, val {@code [n1, n2)}, test {@code [n2, n)}. The split is by items, so every row
 * of one item lands in the same split.
 *
 * @param order the shuffled item indices
 * @param n1    where val starts
 * @param n2    where test starts
 */
public record ItemSplit(PackedArray order, int n1, int n2) {

    /** The name of the permutation in a {@link Storage} (a temporary file when the corpus is prepared). */
    static final String ORDER = "order.tmp";

    /**
     * Shuffles the indices {@code 0 .. n-1} with {@link PythonRandom} exactly as Python shuffles a
     * list of {@code n} items, and cuts them at {@link #cutPoints}.
     *
     * @param fractions the train, val and test fractions ({@code data.split})
     * @param corpus    names the corpus in the error message
     * @param storage   where the permutation is made
     * @throws BadInputException if a split would be empty
     */
    public static ItemSplit shuffled(int n, List<Double> fractions, long seed, String corpus, Storage storage) {
        return shuffled(n, fractions, seed, corpus, storage, ReadProgress.NONE);
    }

    /** {@link #shuffled(int, List, long, String, Storage)}, reporting the shuffle's progress (items placed, bytes of the permutation). */
    static ItemSplit shuffled(int n, List<Double> fractions, long seed, String corpus, Storage storage, ReadProgress progress) {
        int[] cuts = checkedCuts(n, fractions, corpus);
        int n1 = cuts[0];
        int n2 = cuts[1];
        PackedArray order = storage.create(ORDER, n, PackedArray.widthFor(n - 1L));
        for (int i = 0; i < n; i++) {
            order.set(i, i);
        }
        int width = order.width();
        progress.startPass();
        new PythonRandom(seed).shuffle(n, (i, j) -> {
            order.swap(i, j);
            long placed = n - i;   // positions n-1 .. i are final
            progress.update(placed * width, (long) n * width, placed);
        });
        progress.finish((long) n * width, n);
        return new ItemSplit(order, n1, n2);
    }

    /**
     * The items of split files in file order, not shuffled: the train file's, the val file's
     * ({@code sizes[1]}, 0 when it has none) and the test file's.
     */
    static ItemSplit inFileOrder(int[] sizes, Storage storage) {
        int n = sizes[0] + sizes[1] + sizes[2];
        PackedArray order = storage.create(ORDER, n, PackedArray.widthFor(n - 1L));
        for (int i = 0; i < n; i++) {
            order.set(i, i);
        }
        return new ItemSplit(order, sizes[0], sizes[0] + sizes[1]);
    }

    /**
     * {@link #cutPoints}, checked: every split has an item.
     *
     * @throws BadInputException if a split would be empty
     */
    static int[] checkedCuts(int n, List<Double> fractions, String corpus) {
        int[] cuts = cutPoints(n, fractions);
        int n1 = cuts[0];
        int n2 = cuts[1];
        if (n1 < 1 || n2 <= n1 || n <= n2) {
            String empty = n1 < 1 ? "train" : n2 <= n1 ? "val" : "test";
            throw new BadInputException(String.format(
                    "corpus %s: its %d items are too few for data.split %s (the %s split would be empty)",
                    corpus, n, fractions, empty));
        }
        return cuts;
    }

    /** The number of items. */
    public int size() {
        return (int) order.length();
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
