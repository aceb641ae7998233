package io.makemore4j.data;

import io.makemore4j.data.store.PackedArray;
import io.makemore4j.data.store.Storage;
import io.makemore4j.data.store.ValueFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncodedItemsTest {

    @TempDir
    Path dir;

    @Test
    void itemsAtOffsetsBeyondTwoToThe31AreRead() throws IOException {
        // A prepared form's files with 2^31 + 64 codes (a sparse file: only the ends are written),
        // item 2 straddling code 2^31: codes.bin is larger than Storage maps, so it is read paged.
        long big = 1L << 31;
        long[] offsets = {0, 5, big - 3, big + 5, big + 64};
        Path codes = dir.resolve(CorpusEncoder.CODES);
        try (FileChannel channel = FileChannel.open(codes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), 0);
            channel.write(ByteBuffer.wrap(new byte[] {7, 8, 9, 10, 11, 12, 13, 14}), big - 3);
            channel.write(ByteBuffer.wrap(new byte[] {26}), big + 63);
        }
        Path offsetsFile = dir.resolve(CorpusEncoder.OFFSETS);
        try (ValueFile.Writer out = new ValueFile.Writer(offsetsFile, 64)) {
            for (long offset : offsets) {
                out.putLong(offset);
            }
        }
        PackedArray codesArray = Storage.open(codes, big + 64, 1);
        assertTrue(codesArray.isPaged(), "more than Storage.MAP_LIMIT bytes are paged");
        EncodedItems items = new EncodedItems(codesArray, Storage.open(offsetsFile, offsets.length, 8), 0, offsets.length - 1);
        assertEquals(big + 64, items.characters());
        assertArrayEquals(new int[] {7, 8, 9, 10, 11, 12, 13, 14}, items.toArray(2));
        assertEquals(26, items.code(3, 58));
        assertTrue(items.equalsItem(0, new int[] {1, 2, 3, 4, 5}));

        ContextRows rows = ContextRows.of(items.range(2, 4), 3);
        assertEquals(8 + 1 + 59 + 1, rows.size());
        assertEquals(1, rows.itemOf(9));   // the first row of item 3 of the store
        EncodedItems all = items.range(0, 4);
        ContextRows allRows = ContextRows.of(all, 3);
        assertEquals(big + 5 + 3, allRows.firstRow(3));   // its characters before it, plus an end row per item
        assertEquals(3, allRows.itemOf(big + 8));
        assertEquals(2, allRows.itemOf(big + 7));
    }
}
