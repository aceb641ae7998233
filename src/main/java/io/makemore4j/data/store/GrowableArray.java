package io.makemore4j.data.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Small unsigned integers appended one by one when their number is not known in advance (the item
 * lengths of a corpus being read), in chunks of {@value #CHUNK} values on the heap: no copying
 * while it grows, and {@link #toArray} makes the exact-length {@link PackedArray}. Not thread-safe.
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

    /** The values in one array of exactly {@link #length()} values. */
    public PackedArray toArray() {
        PackedArray out = PackedArray.allocate(length, width);
        for (long i = 0; i < length; i++) {
            out.set(i, chunks.get((int) (i / CHUNK)).get(i % CHUNK));
        }
        return out;
    }
}
