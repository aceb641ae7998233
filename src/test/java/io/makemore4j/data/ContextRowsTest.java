package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.makemore4j.data.store.PackedArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContextRowsTest {

    // a = 1, b = 2, c = 3; the boundary is 0
    private static final Vocabulary ABC = Vocabulary.of(List.of("abc"));

    @Test
    void buildsTheReferenceRowsOfATinyCorpus() {
        ContextRows rows = ContextRows.of(List.of("ab", "c"), ABC, 3);
        // worked out by hand: "ab" -> ...a, ..a b, .ab <end>; "c" -> ...c, ..c <end>
        int[][] contexts = {{0, 0, 0}, {0, 0, 1}, {0, 1, 2}, {0, 0, 0}, {0, 0, 3}};
        int[] targets = {1, 2, 0, 3, 0};
        assertEquals(5, rows.size());
        assertEquals(3, rows.blockSize());
        for (int r = 0; r < rows.size(); r++) {
            assertArrayEquals(contexts[r], rows.context(r), "context of row " + r);
            assertEquals(targets[r], rows.target(r), "target of row " + r);
        }
    }

    @Test
    void slidesTheContextWhenTheItemIsLongerThanTheBlock() {
        ContextRows rows = ContextRows.of(List.of("abcab"), ABC, 2);
        int[][] contexts = {{0, 0}, {0, 1}, {1, 2}, {2, 3}, {3, 1}, {1, 2}};
        int[] targets = {1, 2, 3, 1, 2, 0};
        for (int r = 0; r < rows.size(); r++) {
            assertArrayEquals(contexts[r], rows.context(r));
            assertEquals(targets[r], rows.target(r));
        }
    }

    @Test
    void fillsARangeOfRowsIntoPreallocatedArrays() {
        ContextRows rows = ContextRows.of(List.of("ab", "c"), ABC, 3);
        INDArray x = Nd4j.create(DataType.FLOAT, 3, 3);
        INDArray y = Nd4j.create(DataType.FLOAT, 3, 1);
        rows.fill(1, 4, x, y);
        assertEquals(Nd4j.createFromArray(new float[][] {{0, 0, 1}, {0, 1, 2}, {0, 0, 0}}), x);
        assertEquals(Nd4j.createFromArray(new float[][] {{2}, {0}, {3}}), y);
    }

    @Test
    void fillsChosenRows() {
        ContextRows rows = ContextRows.of(List.of("ab", "c"), ABC, 3);
        INDArray x = Nd4j.create(DataType.FLOAT, 3, 3);
        INDArray y = Nd4j.create(DataType.FLOAT, 3, 1);
        rows.fillRows(new long[] {4, 4, 2}, x, y);
        assertEquals(Nd4j.createFromArray(new float[][] {{0, 0, 3}, {0, 0, 3}, {0, 1, 2}}), x);
        assertEquals(Nd4j.createFromArray(new float[][] {{0}, {0}, {0}}), y);
    }

    @Test
    void refusesArraysOfTheWrongShapeTypeOrLayout() {
        ContextRows rows = ContextRows.of(List.of("ab", "c"), ABC, 3);
        INDArray y = Nd4j.create(DataType.FLOAT, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> rows.fill(0, 2, Nd4j.create(DataType.FLOAT, 3, 3), y));
        assertThrows(IllegalArgumentException.class, () -> rows.fill(0, 2, Nd4j.create(DataType.DOUBLE, 2, 3), y));
        assertThrows(IllegalArgumentException.class, () -> rows.fill(0, 2, Nd4j.create(DataType.FLOAT, new long[] {2, 3}, 'f'), y));
        INDArray big = Nd4j.create(DataType.FLOAT, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> rows.fill(0, 2, big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)), y));
        assertThrows(IndexOutOfBoundsException.class, () -> rows.fill(4, 6, Nd4j.create(DataType.FLOAT, 2, 3), y));
    }

    @Test
    void theEncodedStoreGivesTheMaterialisedRowsAtEveryBlockSize() {
        // items of 1 to 40 characters over a 30-character vocabulary, in a store whose segments are
        // 8 bytes (codes and offsets cross segment boundaries all the time)
        Random random = new Random(11);
        int[][] items = new int[300][];
        for (int i = 0; i < items.length; i++) {
            items[i] = random.ints(1 + random.nextInt(40), 1, 30).toArray();
        }
        EncodedItems store = tinySegments(items, 30);
        for (int blockSize : new int[] {1, 2, 3, 5, 8, 16, 32, 64}) {
            int[][] expected = materialised(items, blockSize);   // the rows as ContextRows used to store them
            ContextRows rows = ContextRows.of(store, blockSize);
            assertEquals(expected.length, rows.size(), "rows at block size " + blockSize);
            for (int r = 0; r < expected.length; r++) {
                if (!Arrays.equals(Arrays.copyOf(expected[r], blockSize), rows.context(r)) || expected[r][blockSize] != rows.target(r)) {
                    assertArrayEquals(Arrays.copyOf(expected[r], blockSize), rows.context(r), "context of row " + r);
                    assertEquals(expected[r][blockSize], rows.target(r), "target of row " + r);
                }
            }
            // a range that starts and ends inside items, and chosen rows, as evaluation and minibatches copy them
            int from = 17;
            int to = expected.length - 5;
            INDArray x = Nd4j.create(DataType.FLOAT, to - from, blockSize);
            INDArray y = Nd4j.create(DataType.FLOAT, to - from, 1);
            rows.fill(from, to, x, y);
            long[] chosen = random.longs(50, 0, expected.length).toArray();
            INDArray cx = Nd4j.create(DataType.FLOAT, chosen.length, blockSize);
            INDArray cy = Nd4j.create(DataType.FLOAT, chosen.length, 1);
            rows.fillRows(chosen, cx, cy);
            float[] xs = x.data().asFloat();
            float[] ys = y.data().asFloat();
            for (int r = from; r < to; r++) {
                assertRow(expected[r], blockSize, xs, ys, r - from);
            }
            float[] cxs = cx.data().asFloat();
            float[] cys = cy.data().asFloat();
            for (int i = 0; i < chosen.length; i++) {
                assertRow(expected[(int) chosen[i]], blockSize, cxs, cys, i);
            }
        }
    }

    @Test
    void aRangeOfTheStoreHasTheRowsOfItsItems() {
        int[][] items = {{1, 2}, {3}, {2, 2, 1}, {1}};
        EncodedItems store = tinySegments(items, 4);
        ContextRows tail = ContextRows.of(store.range(2, 4), 2);
        int[][] expected = materialised(new int[][] {{2, 2, 1}, {1}}, 2);
        assertEquals(expected.length, tail.size());
        for (int r = 0; r < expected.length; r++) {
            assertArrayEquals(Arrays.copyOf(expected[r], 2), tail.context(r));
            assertEquals(expected[r][2], tail.target(r));
        }
        assertEquals(4, tail.firstRow(1));
        assertEquals(1, tail.itemOf(5));
    }

    /** The rows of the reference recipe, materialised: each row is its context, then its target. */
    private static int[][] materialised(int[][] items, int blockSize) {
        List<int[]> rows = new ArrayList<>();
        for (int[] item : items) {
            int[] context = new int[blockSize];
            int[] withEnd = Arrays.copyOf(item, item.length + 1);   // the boundary (0) ends every item
            for (int ix : withEnd) {
                int[] row = Arrays.copyOf(context, blockSize + 1);
                row[blockSize] = ix;
                rows.add(row);
                System.arraycopy(context, 1, context, 0, blockSize - 1);
                context[blockSize - 1] = ix;
            }
        }
        return rows.toArray(new int[0][]);
    }

    private static EncodedItems tinySegments(int[][] items, int vocabularySize) {
        long characters = Arrays.stream(items).mapToLong(item -> item.length).sum();
        PackedArray codes = PackedArray.allocate(characters, PackedArray.widthFor(vocabularySize - 1), 3);
        PackedArray offsets = PackedArray.allocate(items.length + 1, 8, 3);
        long at = 0;
        for (int i = 0; i < items.length; i++) {
            for (int code : items[i]) {
                codes.set(at++, code);
            }
            offsets.setLong(i + 1, at);
        }
        return new EncodedItems(codes, offsets, 0, items.length);
    }

    /** Row {@code position} of filled arrays (row-major values) against a materialised row. */
    private static void assertRow(int[] expected, int blockSize, float[] x, float[] y, int position) {
        for (int t = 0; t < blockSize; t++) {
            if (expected[t] != x[position * blockSize + t]) {
                assertEquals(expected[t], x[position * blockSize + t], "context position " + t + " of row " + position);
            }
        }
        assertEquals(expected[blockSize], y[position], "target of row " + position);
    }

    @Test
    void rejectsACharacterOutsideTheVocabulary() {
        assertThrows(BadInputException.class, () -> ContextRows.of(List.of("abd"), ABC, 3));
    }
}
