package io.makemore4j.data.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A fixed-length array of unsigned integers of one width (1, 2 or 4 bytes, read as {@code int}) or
 * of longs (8 bytes), indexed by {@code long}: the storage of encoded corpora. The bytes live in
 * segments of {@code 2^segmentShift} bytes each (1 GiB by default), on the Java heap or memory-mapped
 * from a file, so that no Java array or single {@link MappedByteBuffer} limits the length (both stop
 * at 2^31 bytes). Values are little-endian, as in the prepared files ({@link Storage}).
 *
 * <p>An element never straddles two segments (segments are a multiple of 8 bytes). Not thread-safe
 * for writing; reads of an array that is no longer written are safe from any thread.
 */
public final class PackedArray {

    /** Segments of 1 GiB. */
    public static final int DEFAULT_SEGMENT_SHIFT = 30;

    private final ByteBuffer[] segments;
    private final int shift;
    private final long mask;
    private final int width;
    private final int widthShift;
    private final long length;

    private PackedArray(ByteBuffer[] segments, int shift, int width, long length) {
        this.segments = segments;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.width = width;
        this.widthShift = Integer.numberOfTrailingZeros(width);
        this.length = length;
    }

    /** A zeroed array on the Java heap. */
    public static PackedArray allocate(long length, int width) {
        return allocate(length, width, DEFAULT_SEGMENT_SHIFT);
    }

    /** A zeroed array on the Java heap, in segments of {@code 2^segmentShift} bytes. */
    public static PackedArray allocate(long length, int width, int segmentShift) {
        ByteBuffer[] segments = new ByteBuffer[segmentCount(length, width, segmentShift)];
        for (int s = 0; s < segments.length; s++) {
            segments[s] = ByteBuffer.allocate((int) segmentBytes(s, length, width, segmentShift)).order(ByteOrder.LITTLE_ENDIAN);
        }
        return new PackedArray(segments, segmentShift, width, length);
    }

    /**
     * The first {@code length} values of equal segments of {@code 2^segmentShift} bytes each (the
     * chunks of a {@link GrowableArray}), without copying them.
     */
    static PackedArray ofSegments(ByteBuffer[] segments, int segmentShift, int width, long length) {
        if ((length * width + (1L << segmentShift) - 1) >>> segmentShift > segments.length) {
            throw new IllegalArgumentException(length + " values of " + width + " bytes do not fit " + segments.length + " segments");
        }
        return new PackedArray(segments, segmentShift, width, length);
    }

    /** The segment holding value {@code i}'s bytes (for {@link GrowableArray}). */
    ByteBuffer segmentOf(long i) {
        return segments[(int) ((i << widthShift) >>> shift)];
    }

    /**
     * The array stored in a file from byte {@code position}, memory-mapped: read-only, or writable
     * (then the file grows to hold it, and writes reach the file).
     */
    public static PackedArray map(FileChannel channel, long position, long length, int width, boolean writable,
                                  int segmentShift) {
        ByteBuffer[] segments = new ByteBuffer[segmentCount(length, width, segmentShift)];
        FileChannel.MapMode mode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
        try {
            for (int s = 0; s < segments.length; s++) {
                long start = position + ((long) s << segmentShift);
                segments[s] = channel.map(mode, start, segmentBytes(s, length, width, segmentShift)).order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + length + " values of " + width + " bytes", e);
        }
        return new PackedArray(segments, segmentShift, width, length);
    }

    /** The narrowest width (1, 2 or 4 bytes) that holds every value in {@code [0, maxValue]}. */
    public static int widthFor(long maxValue) {
        if (maxValue < 0 || maxValue > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("values in [0, " + maxValue + "] need more than an int");
        }
        return maxValue <= 0xFF ? 1 : maxValue <= 0xFFFF ? 2 : 4;
    }

    private static int segmentCount(long length, int width, int shift) {
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("width must be 1, 2, 4 or 8 bytes, got " + width);
        }
        if (shift < 3 || shift > 30) {
            throw new IllegalArgumentException("segment shift must be in [3, 30], got " + shift);
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        long bytes = length * width;
        return (int) Math.max(1, (bytes + (1L << shift) - 1) >>> shift);
    }

    private static long segmentBytes(int s, long length, int width, int shift) {
        return Math.min(1L << shift, length * width - ((long) s << shift));
    }

    /** The number of values. */
    public long length() {
        return length;
    }

    /** Bytes per value. */
    public int width() {
        return width;
    }

    /** The value at {@code i}, unsigned (widths 1, 2 and 4). */
    public int get(long i) {
        long b = i << widthShift;
        ByteBuffer s = segments[(int) (b >>> shift)];
        int at = (int) (b & mask);
        return switch (width) {
            case 1 -> s.get(at) & 0xFF;
            case 2 -> s.getShort(at) & 0xFFFF;
            default -> s.getInt(at);
        };
    }

    /** The long at {@code i} (width 8). */
    public long getLong(long i) {
        long b = i << 3;
        return segments[(int) (b >>> shift)].getLong((int) (b & mask));
    }

    /** Sets the value at {@code i} (widths 1, 2 and 4; {@code value} must fit the width, unsigned). */
    public void set(long i, int value) {
        long b = i << widthShift;
        ByteBuffer s = segments[(int) (b >>> shift)];
        int at = (int) (b & mask);
        switch (width) {
            case 1 -> s.put(at, (byte) value);
            case 2 -> s.putShort(at, (short) value);
            default -> s.putInt(at, value);
        }
    }

    /** Sets the long at {@code i} (width 8). */
    public void setLong(long i, long value) {
        long b = i << 3;
        segments[(int) (b >>> shift)].putLong((int) (b & mask), value);
    }

    /** Swaps the values at {@code i} and {@code j} (widths 1, 2 and 4). */
    public void swap(long i, long j) {
        int v = get(i);
        set(i, get(j));
        set(j, v);
    }

    /** Writes a mapped array's changes to its file (nothing for one on the heap). */
    public void force() {
        for (ByteBuffer s : segments) {
            if (s instanceof MappedByteBuffer mapped && !mapped.isReadOnly()) {
                mapped.force();
            }
        }
    }
}
