package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

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
        rows.fillRows(new int[] {4, 4, 2}, x, y);
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
    void rejectsACharacterOutsideTheVocabulary() {
        assertThrows(BadInputException.class, () -> ContextRows.of(List.of("abd"), ABC, 3));
    }
}
