package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.data.store.PackedArray;
import io.makemore4j.data.store.Storage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ItemSplitTest {

    private static final List<Double> DEFAULT = List.of(0.8, 0.1, 0.1);

    @Test
    void cutsLikePythonsIntOfTheLiteralFractions() {
        // Python: int(0.8 * n), int(0.9 * n)
        assertArrayEquals(new int[] {25626, 28829}, ItemSplit.cutPoints(32033, DEFAULT));
        assertArrayEquals(new int[] {8, 9}, ItemSplit.cutPoints(10, DEFAULT));
        // 0.7 + 0.2 is 0.8999999999999999 in doubles, and int(0.8999999999999999 * 30) is 26;
        // the user wrote 0.9 in effect, and int(0.9 * 30) is 27
        assertArrayEquals(new int[] {21, 27}, ItemSplit.cutPoints(30, List.of(0.7, 0.2, 0.1)));
    }

    @Test
    void shufflesLikePythonThenCuts() {
        // random.seed(42); l = list(range(10)); random.shuffle(l) -> [7, 3, 2, 8, 5, 6, 9, 4, 0, 1]
        ItemSplit split = ItemSplit.shuffled(10, DEFAULT, 42, "ten.txt", Storage.heap());
        assertArrayEquals(new int[] {7, 3, 2, 8, 5, 6, 9, 4, 0, 1}, values(split.order()));
        assertEquals(8, split.n1());
        assertEquals(9, split.n2());
        assertEquals(10, split.size());
    }

    @Test
    void thePermutationIsTheShuffleOfAListOfTheSameSize() {
        // a million items: the same draws and swaps as PythonRandom.shuffle(List), without an object per item
        int n = 1_000_003;
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        new PythonRandom(7).shuffle(list);
        PackedArray order = ItemSplit.shuffled(n, DEFAULT, 7, "big.txt", Storage.heap()).order();
        assertEquals(4, order.width());
        for (int p = 0; p < n; p++) {
            assertEquals(list.get(p), order.get(p), "position " + p);
        }
    }

    @Test
    void rejectsACorpusTooSmallForThreeSplits() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ItemSplit.shuffled(5, DEFAULT, 42, "tiny.txt", Storage.heap()));
        assertEquals("corpus tiny.txt: its 5 items are too few for data.split [0.8, 0.1, 0.1] (the val split would be empty)",
                e.getMessage());
        assertThrows(BadInputException.class,
                () -> ItemSplit.shuffled(3, List.of(0.1, 0.1, 0.8), 42, "tiny.txt", Storage.heap()));
    }

    private static int[] values(PackedArray array) {
        int[] out = new int[(int) array.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i);
        }
        return out;
    }
}
