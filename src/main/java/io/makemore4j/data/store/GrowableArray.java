package io.makemore4j.data.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Small unsigned integers appended one by one when their number is not known in advance (the item
 * lengths of a corpus being read), in chunks of {@value #CHUNK} values on the heap: no copying
 * while it grows, nor when {@link #toArray} makes the exact-length {@link PackedArray} of the same
 * chunks. Not thread-safe.
 */
public final class GrowableArray {

    static final int CHUNK = 1 << 20;

    private final int width;
    private final List<PackedArray> chunks = new ArrayList<>();
    private long length;

    /** An empty array of values of {@code width} bytes (1, 2 or 4). */
    public GrowableArray(int width) {
        this.width = width;
    }

    /** Appends a value (it must fit the width, unsigned). */
    public void add(int value) {
        int at = (int) (length % CHUNK);
        if (at == 0) {
            chunks.add(PackedArray.allocate(CHUNK, width));
        }
        chunks.get(chunks.size() - 1).set(at, value);
        length++;
    }

    /** The number of values appended. */
    public long length() {
        return length;
    }

    /** The values as one array of exactly {@link #length()} values, sharing the chunks (add no more after). */
    public PackedArray toArray() {
        java.nio.ByteBuffer[] segments = new java.nio.ByteBuffer[Math.max(1, chunks.size())];
        for (int c = 0; c < chunks.size(); c++) {
            segments[c] = chunks.get(c).segmentOf(0);
        }
        if (chunks.isEmpty()) {
            segments[0] = java.nio.ByteBuffer.allocate(0);
        }
        int shift = Integer.numberOfTrailingZeros(CHUNK) + Integer.numberOfTrailingZeros(width);
        return PackedArray.ofSegments(segments, shift, width, length);
    }
}
