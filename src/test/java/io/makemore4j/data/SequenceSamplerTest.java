package io.makemore4j.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sequence models' batches: whole items padded to the block size, drawn as a pure function of the step. */
class SequenceSamplerTest {

    private static final List<String> ITEMS = List.of("emma", "ava", "x", "olivia");
    private static final Vocabulary VOCAB = Vocabulary.of(ITEMS);

    @Test
    void paddedBatchesAreMakemoresXAndY() {
        int[][] items = ItemBatch.encode(List.of("emma", "x"), VOCAB);
        ItemBatch b = ItemBatch.padded(items, new int[] {0, 1}, 6);
        int e = VOCAB.encode('e');
        int m = VOCAB.encode('m');
        int a = VOCAB.encode('a');
        int x = VOCAB.encode('x');
        assertEquals(6, b.time());
        // makemore.py: x = [0, c1..cn, 0...], y = [c1..cn, 0, -1...]; here the -1 positions are masked out
        assertArrayEquals(new float[] {0, e, m, m, a, 0, 0, x, 0, 0, 0, 0}, b.tokens().data().asFloat());
        assertArrayEquals(new float[] {e, m, m, a, 0, 0, x, 0, 0, 0, 0, 0}, b.targets().data().asFloat());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0}, b.mask().data().asFloat());
        assertEquals(7, b.positions());
        assertThrows(IllegalArgumentException.class, () -> ItemBatch.padded(items, new int[] {0}, 4), "emma needs 5 positions");
    }

    @Test
    void drawsBatchSizeItemsUniformlyWithReplacementAsAFunctionOfTheStep() {
        SequenceSampler sampler = new SequenceSampler(EncodedItems.encode(ITEMS, VOCAB), 3, 7, 11);
        int[] counts = new int[ITEMS.size()];
        int[][] encoded = ItemBatch.encode(ITEMS, VOCAB);
        for (int step = 0; step < 4000; step++) {
            ItemBatch b = sampler.batch(step);
            assertEquals(3, b.items());
            assertEquals(7, b.time());
            float[] tokens = b.tokens().data().asFloat();
            for (int row = 0; row < 3; row++) {
                counts[itemOf(tokens, row, 7, encoded)]++;
            }
        }
        for (int c : counts) {
            assertEquals(3000, c, 200, "each of 4 items about a quarter of 12,000 draws");
        }
        ItemBatch again = new SequenceSampler(EncodedItems.encode(ITEMS, VOCAB), 3, 7, 11).batch(77);
        assertArrayEquals(sampler.batch(77).tokens().data().asFloat(), again.tokens().data().asFloat());
        boolean differs = false;
        for (int step = 0; step < 10 && !differs; step++) {
            differs = !java.util.Arrays.equals(sampler.batch(step).tokens().data().asFloat(),
                    new SequenceSampler(EncodedItems.encode(ITEMS, VOCAB), 3, 7, 12).batch(step).tokens().data().asFloat());
        }
        assertTrue(differs, "another seed draws other batches");
        assertFalse(java.util.Arrays.equals(sampler.batch(1).tokens().data().asFloat(), sampler.batch(2).tokens().data().asFloat())
                && java.util.Arrays.equals(sampler.batch(2).tokens().data().asFloat(), sampler.batch(3).tokens().data().asFloat()));
    }

    @Test
    void refusesItemsLongerThanTheBlockAllows() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceSampler(EncodedItems.encode(ITEMS, VOCAB), 3, 6, 1), "olivia needs 7 positions");
        new SequenceSampler(EncodedItems.encode(ITEMS, VOCAB), 3, 7, 1);
    }

    private static int itemOf(float[] tokens, int row, int time, int[][] items) {
        for (int i = 0; i < items.length; i++) {
            boolean same = true;
            for (int q = 0; q < time && same; q++) {
                float expected = q >= 1 && q <= items[i].length ? items[i][q - 1] : 0;
                same = tokens[row * time + q] == expected;
            }
            if (same) {
                return i;
            }
        }
        throw new AssertionError("row " + row + " is no item");
    }
}
