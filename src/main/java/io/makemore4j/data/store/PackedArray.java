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
 * <p>A file too large to map whole without it all becoming resident memory can instead be read
 * through a small cache of blocks ({@link #paged}): the same values, read-only, with plain file
 * reads, so what a run holds of it is the cache's size whatever the file's.
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
    private final BlockCache blocks;   // the paged form's reads, or null when the values are in segments

    private PackedArray(ByteBuffer[] segments, int shift, int width, long length) {
        this(segments, shift, width, length, null);
    }

    private PackedArray(ByteBuffer[] segments, int shift, int width, long length, BlockCache blocks) {
        this.blocks = blocks;
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
        return map(channel, position, length, width, writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                segmentShift);
    }

    /**
     * The array stored in a file from byte {@code position}, mapped in {@code mode}: with
     * {@link FileChannel.MapMode#PRIVATE} writes go to private copies of the pages, never to the
     * file (no write-back, so writes anywhere in it cost no page faults beyond the first per page).
     */
    public static PackedArray map(FileChannel channel, long position, long length, int width, FileChannel.MapMode mode,
                                  int segmentShift) {
        ByteBuffer[] segments = new ByteBuffer[segmentCount(length, width, segmentShift)];
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

    /**
     * The array stored in an open file from byte 0, read-only, read through a cache of
     * {@code slots} blocks of {@code 2^blockShift} bytes (a block is read from the file when a value
     * in it is asked for and its slot holds another): memory {@code slots << blockShift} bytes of
     * heap at most, whatever the file's size. The channel stays open as long as the array is used.
     */
    public static PackedArray paged(FileChannel channel, long length, int width, int blockShift, int slots) {
        segmentCount(length, width, blockShift);   // checks the width, the length and the shift
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        return new PackedArray(null, blockShift, width, length, new BlockCache(channel, blockShift, slots, length * width));
    }

    /** Whether the values are read through a block cache ({@link #paged}) rather than held in segments. */
    public boolean isPaged() {
        return blocks != null;
    }

    /**
     * Unmaps a memory-mapped array now (an array on the heap is left as it is), so that its pages
     * stop counting in the process's resident memory at once rather than after a garbage collection;
     * a writable array is {@link #force forced} first. The array must not be used afterwards (its
     * segments are dropped: a use fails with an exception, never reads unmapped memory).
     */
    public void unmap() {
        if (segments == null) {
            return;
        }
        force();
        for (int s = 0; s < segments.length; s++) {
            if (segments[s] instanceof MappedByteBuffer mapped && mapped.isDirect()) {
                segments[s] = null;
                Buffers.release(mapped);
            }
        }
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
        ByteBuffer s = blocks != null ? blocks.block(b >>> shift) : segments[(int) (b >>> shift)];
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
        ByteBuffer s = blocks != null ? blocks.block(b >>> shift) : segments[(int) (b >>> shift)];
        return s.getLong((int) (b & mask));
    }

    /** Sets the value at {@code i} (widths 1, 2 and 4; {@code value} must fit the width, unsigned). */
    public void set(long i, int value) {
        requireWritable();
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
        requireWritable();
        long b = i << 3;
        segments[(int) (b >>> shift)].putLong((int) (b & mask), value);
    }

    /** Swaps the values at {@code i} and {@code j} (widths 1, 2 and 4). */
    public void swap(long i, long j) {
        int v = get(i);
        set(i, get(j));
        set(j, v);
    }

    private void requireWritable() {
        if (blocks != null) {
            throw new UnsupportedOperationException("a paged array is read-only");
        }
    }

    /** Writes a mapped array's changes to its file (nothing for one on the heap or paged). */
    public void force() {
        if (segments == null) {
            return;
        }
        for (ByteBuffer s : segments) {
            if (s instanceof MappedByteBuffer mapped && !mapped.isReadOnly()) {
                mapped.force();
            }
        }
    }

    /**
     * The blocks of a paged array: a direct-mapped cache (block {@code k} in slot {@code k mod slots})
     * of immutable blocks, so that reads from several threads need no lock (two threads missing the
     * same block both read it; either copy serves).
     */
    private static final class BlockCache {
        private final FileChannel channel;
        private final int shift;
        private final long bytes;
        private final Block[] slots;
        private final int slotMask;

        BlockCache(FileChannel channel, int shift, int slots, long bytes) {
            this.channel = channel;
            this.shift = shift;
            this.bytes = bytes;
            this.slots = new Block[slots];
            this.slotMask = slots - 1;
        }

        ByteBuffer block(long index) {
            int slot = (int) (index & slotMask);
            Block b = slots[slot];
            if (b == null || b.index != index) {
                b = new Block(index, read(index));
                slots[slot] = b;
            }
            return b.bytes;
        }

        private ByteBuffer read(long index) {
            long start = index << shift;
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(1L << shift, bytes - start)).order(ByteOrder.LITTLE_ENDIAN);
            try {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, start + buffer.position()) < 0) {
                        throw new IllegalStateException("the file ends before byte " + (start + buffer.capacity()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read block " + index + " of a paged array", e);
            }
            return buffer.clear();
        }
    }

    /** One block of a paged array's file. */
    private record Block(long index, ByteBuffer bytes) {
    }
}
