package io.makemore4j.data.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PackedArrayTest {

    @TempDir
    Path dir;

    @Test
    void holdsValuesOfEachWidthAcrossSegments() {
        for (int width : new int[] {1, 2, 4}) {
            int max = width == 4 ? Integer.MAX_VALUE : (1 << (8 * width)) - 1;
            PackedArray a = PackedArray.allocate(37, width, 3);   // 8-byte segments
            for (int i = 0; i < 37; i++) {
                a.set(i, (int) ((long) max * i / 36));
            }
            for (int i = 0; i < 37; i++) {
                assertEquals((int) ((long) max * i / 36), a.get(i), "width " + width + " index " + i);
            }
            a.swap(0, 36);
            assertEquals(max, a.get(0));
            assertEquals(0, a.get(36));
        }
        PackedArray longs = PackedArray.allocate(5, 8, 3);
        longs.setLong(4, 1L << 40);
        longs.setLong(3, -1);
        assertEquals(1L << 40, longs.getLong(4));
        assertEquals(-1, longs.getLong(3));
    }

    @Test
    void choosesTheNarrowestWidth() {
        assertEquals(1, PackedArray.widthFor(255));
        assertEquals(2, PackedArray.widthFor(256));
        assertEquals(2, PackedArray.widthFor(65_535));
        assertEquals(4, PackedArray.widthFor(65_536));
        assertThrows(IllegalArgumentException.class, () -> PackedArray.widthFor(1L << 31));
    }

    @Test
    void aMappedFileBeyondTwoGigabytesIsIndexedByLong() throws IOException {
        // 2^31 + 16 one-byte values: more than a Java array or one MappedByteBuffer can hold. The file
        // is sparse: only the pages written take disk space and memory.
        long length = (1L << 31) + 16;
        Path file = dir.resolve("big.bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            PackedArray a = PackedArray.map(channel, 0, length, 1, true, PackedArray.DEFAULT_SEGMENT_SHIFT);
            a.set(length - 1, 200);
            a.set((1L << 31) - 1, 7);
            a.set(1L << 31, 9);
            a.force();
        }
        assertEquals(length, Files.size(file));
        PackedArray read = Storage.open(file, length, 1);
        assertEquals(200, read.get(length - 1));
        assertEquals(7, read.get((1L << 31) - 1));
        assertEquals(9, read.get(1L << 31));
        assertEquals(0, read.get(12345));
    }

    @Test
    void aPagedArrayReadsWhatTheFileHolds() throws IOException {
        java.util.Random random = new java.util.Random(5);
        for (int width : new int[] {1, 2, 4, 8}) {
            int n = 1000;
            PackedArray heap = PackedArray.allocate(n, width);
            for (int i = 0; i < n; i++) {
                if (width == 8) {
                    heap.setLong(i, random.nextLong());
                } else {
                    heap.set(i, random.nextInt(width == 4 ? Integer.MAX_VALUE : 1 << (8 * width)));
                }
            }
            Path file = dir.resolve("values-" + width + ".bin");
            try (ValueFile.Writer out = new ValueFile.Writer(file, 64)) {
                for (int i = 0; i < n; i++) {
                    if (width == 8) {
                        out.putLong(heap.getLong(i));
                    } else {
                        out.put(width, heap.get(i));
                    }
                }
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                PackedArray paged = PackedArray.paged(channel, n, width, 6, 4);   // 64-byte blocks, 4 of them cached
                assertEquals(true, paged.isPaged());
                for (int k = 0; k < 3 * n; k++) {   // in order, then at random (blocks are evicted and read again)
                    int i = k < n ? k : random.nextInt(n);
                    if (width == 8) {
                        assertEquals(heap.getLong(i), paged.getLong(i), "width 8 index " + i);
                    } else {
                        assertEquals(heap.get(i), paged.get(i), "width " + width + " index " + i);
                    }
                }
                assertThrows(UnsupportedOperationException.class, () -> paged.set(0, 1));
            }
            try (ValueFile.Reader in = new ValueFile.Reader(file, 24)) {
                in.skip(width * 10L);
                assertEquals(width == 8 ? heap.getLong(10) : heap.get(10), width == 8 ? in.getLong() : in.get(width));
                assertEquals((long) (n - 11) * width, in.remaining());
            }
        }
    }

    @Test
    void anUnmappedArrayIsNeverReadAgain() throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve("u.bin"), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            PackedArray a = PackedArray.map(channel, 0, 100, 4, true, 6);
            a.set(99, 42);
            a.unmap();   // forced first: the value reached the file
            assertThrows(NullPointerException.class, () -> a.get(99));
            assertEquals(42, PackedArray.map(channel, 0, 100, 4, false, 6).get(99));
        }
    }

    @Test
    void growsInChunks() {
        GrowableArray g = new GrowableArray(2);
        int n = GrowableArray.CHUNK + 10;
        for (int i = 0; i < n; i++) {
            g.add(i & 0xFFFF);
        }
        PackedArray a = g.toArray();
        assertEquals(n, a.length());
        assertEquals(GrowableArray.CHUNK & 0xFFFF, a.get(GrowableArray.CHUNK));
        assertEquals((n - 1) & 0xFFFF, a.get(n - 1));
    }
}
