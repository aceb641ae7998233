package io.makemore4j.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Item batches: the layout of tokens, targets and mask, and draws that are a pure function of the step. */
class ItemSamplerTest {

    private static final List<String> ITEMS = List.of("emma", "ava", "x", "olivia");
    private static final Vocabulary VOCAB = Vocabulary.of(ITEMS);

    @Test
    void batchLayoutMatchesTheFlattenModelsRows() {
        int[][] items = ItemBatch.encode(List.of("emma", "x"), VOCAB);
        ItemBatch b = ItemBatch.of(items, new int[] {0, 1}, 0, 2);
        int e = VOCAB.encode('e');
        int m = VOCAB.encode('m');
        int a = VOCAB.encode('a');
        int x = VOCAB.encode('x');
        assertEquals(2, b.items());
        assertEquals(5, b.time());
        assertArrayEquals(new float[] {0, e, m, m, a, 0, x, 0, 0, 0}, b.tokens().data().asFloat());
        assertArrayEquals(new float[] {e, m, m, a, 0, x, 0, 0, 0, 0}, b.targets().data().asFloat());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, b.mask().data().asFloat());
        assertEquals(7, b.positions());
        // position q's context (the boundary-padded characters before it) is what the flatten row holds
        ContextRows rows = ContextRows.of(List.of("emma", "x"), VOCAB, 3);
        assertEquals(7, rows.size());
        assertEquals(m, rows.target(2));
        assertArrayEquals(new int[] {0, e, m}, rows.context(2));
    }

    @Test
    void wholeItemBatchesAverageTheRequestedPositionsAndRepeatPerStep() {
        ItemSampler sampler = new ItemSampler(ITEMS, VOCAB, 20, 7, ItemSampler.Mode.ALL);
        double meanPositions = (5 + 4 + 2 + 7) / 4.0;
        assertEquals(20 / meanPositions, sampler.itemsPerBatch(), 1e-12);
        long positions = 0;
        int steps = 2000;
        for (int s = 0; s < steps; s++) {
            ItemBatch b = sampler.batch(s);
            assertTrue(b.items() == 4 || b.items() == 5, "4.44 items on average: 4 or 5");
            positions += b.positions();
        }
        assertEquals(20.0, (double) positions / steps, 0.5);
        ItemBatch again = new ItemSampler(ITEMS, VOCAB, 20, 7, ItemSampler.Mode.ALL).batch(123);
        assertArrayEquals(sampler.batch(123).tokens().data().asFloat(), again.tokens().data().asFloat());
        assertTrue(new ItemSampler(ITEMS, VOCAB, 1, 7, ItemSampler.Mode.ALL).itemsPerBatch() >= 1.0, "at least one item");
    }

    @Test
    void sampledPositionsAreTheFlattenModelsRowsOfTheStep() {
        int blockSize = 3;
        ContextRows rows = ContextRows.of(ITEMS, VOCAB, blockSize);
        MinibatchSampler flatten = new MinibatchSampler(rows, 20, 9);
        ItemSampler items = new ItemSampler(ITEMS, VOCAB, 20, 9, ItemSampler.Mode.SAMPLED);
        for (int step = 0; step < 50; step++) {
            flatten.fill(step);
            List<String> expected = new ArrayList<>();
            float[] f = flatten.features().data().asFloat();
            float[] l = flatten.labels().data().asFloat();
            for (int r = 0; r < 20; r++) {
                expected.add(Arrays.toString(Arrays.copyOfRange(f, r * blockSize, (r + 1) * blockSize)) + " -> " + l[r]);
            }
            ItemBatch b = items.batch(step);
            float[] tokens = b.tokens().data().asFloat();
            float[] targets = b.targets().data().asFloat();
            float[] mask = b.mask().data().asFloat();
            float[] predicted = b.predicted().data().asFloat();
            List<String> actual = new ArrayList<>();
            for (int i = 0; i < b.items(); i++) {
                for (int q = 0; q < b.time(); q++) {
                    int at = i * b.time() + q;
                    assertTrue(predicted[at] == 0 || mask[at] == 1, "a predicted position is computed");
                    float[] context = new float[blockSize];   // the tokens before position q, boundary-padded
                    for (int t = 0; t < blockSize; t++) {
                        int p = q + 1 - blockSize + t;        // token p of the row is character p-1
                        context[t] = p <= 0 ? 0 : tokens[i * b.time() + p];
                    }
                    for (int c = 0; c < predicted[at]; c++) {
                        actual.add(Arrays.toString(context) + " -> " + targets[at]);
                    }
                }
            }
            Collections.sort(expected);
            Collections.sort(actual);
            assertEquals(expected, actual, "step " + step);
            assertEquals(20, b.positions());
        }
    }

    @Test
    void wholeItemRowsAreTheRowsOfTheItemsOfTheStep() {
        ContextRows rows = ContextRows.of(ITEMS, VOCAB, 3);
        ItemSampler sampler = new ItemSampler(ITEMS, VOCAB, 20, 5, ItemSampler.Mode.ALL);
        for (int step = 0; step < 20; step++) {
            long[] drawn = sampler.wholeItemRows(step);
            ItemBatch b = sampler.batch(step);
            assertEquals(b.positions(), drawn.length);
            List<Float> fromRows = new ArrayList<>();
            for (long r : drawn) {
                fromRows.add((float) rows.target(r));
            }
            List<Float> fromBatch = new ArrayList<>();
            float[] targets = b.targets().data().asFloat();
            float[] mask = b.mask().data().asFloat();
            for (int i = 0; i < targets.length; i++) {
                if (mask[i] != 0) {
                    fromBatch.add(targets[i]);
                }
            }
            assertEquals(fromBatch, fromRows, "step " + step);
        }
    }
}
