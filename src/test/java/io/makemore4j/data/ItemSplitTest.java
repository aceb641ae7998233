package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
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
    void shufflesACopyLikePythonThenCuts() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(String.valueOf(i));
        }
        List<String> before = List.copyOf(items);
        // random.seed(42); l = [str(i) for i in range(10)]; random.shuffle(l)
        // -> ['7', '3', '2', '8', '5', '6', '9', '4', '0', '1']
        ItemSplit split = ItemSplit.shuffled(items, DEFAULT, 42, "ten.txt");
        assertEquals(List.of("7", "3", "2", "8", "5", "6", "9", "4"), split.train());
        assertEquals(List.of("0"), split.val());
        assertEquals(List.of("1"), split.test());
        assertEquals(before, items);
    }

    @Test
    void rejectsACorpusTooSmallForThreeSplits() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ItemSplit.shuffled(List.of("a", "b", "c", "d", "e"), DEFAULT, 42, "tiny.txt"));
        assertEquals("corpus tiny.txt: its 5 items are too few for data.split [0.8, 0.1, 0.1] (the val split would be empty)",
                e.getMessage());
        assertThrows(BadInputException.class,
                () -> ItemSplit.shuffled(List.of("a", "b", "c"), List.of(0.1, 0.1, 0.8), 42, "tiny.txt"));
    }
}
