package io.makemore4j.data.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the arrays of an encoded corpus are made while it is built: on the Java heap (a corpus that
 * fits), or each in its own file of a directory, memory-mapped (a corpus prepared once for later
 * runs, or one larger than the heap). The files hold the values and nothing else, little-endian.
 */
@FunctionalInterface
public interface Storage {

    /** A zeroed, writable array of {@code length} values of {@code width} bytes, called {@code name}. */
    PackedArray create(String name, long length, int width);

    /** Arrays on the Java heap. */
    static Storage heap() {
        return (name, length, width) -> PackedArray.allocate(length, width);
    }

    /**
     * Arrays in files {@code dir/name}, memory-mapped read-write (the directory must exist). Each file
     * is written with zeros first, sequentially: writes through the mapping then land on allocated
     * blocks (the first write to a hole of a sparse file allocates its block in the page fault, which
     * made scattered writes many times slower).
     */
    static Storage files(Path dir) {
        return (name, length, width) -> {
            try (FileChannel channel = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                zeros(channel, length * width);
                return PackedArray.map(channel, 0, length, width, true, PackedArray.DEFAULT_SEGMENT_SHIFT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir.resolve(name), e);
            }
        };
    }

    /**
     * Scratch arrays in files {@code dir/name}, mapped privately: each file is only sized (a sparse
     * file, nothing written), and writes go to private pages of the process that the system never
     * writes back. For an array written all over (a shuffle's permutation, too large for the heap):
     * a shared mapping's dirty pages are written back and write-protected again every half minute,
     * and each later write to one faults, which made a shuffle of 300M items fifty times slower.
     * The values are lost when the array is unmapped; copy them out first.
     */
    static Storage scratch(Path dir) {
        return (name, length, width) -> {
            try (FileChannel channel = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (length * width > 0) {
                    channel.write(java.nio.ByteBuffer.allocate(1), length * width - 1);
                }
                return PackedArray.map(channel, 0, length, width, FileChannel.MapMode.PRIVATE, PackedArray.DEFAULT_SEGMENT_SHIFT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir.resolve(name), e);
            }
        };
    }

    private static void zeros(FileChannel channel, long bytes) throws IOException {
        java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < bytes; at += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
            while (zeros.hasRemaining()) {
                channel.write(zeros, at + zeros.position());
            }
        }
    }

    /**
     * Files up to this size are memory-mapped by {@link #open}; larger ones are read through a
     * block cache ({@link PackedArray#paged}), since every page of a mapping that a run touches
     * stays in its resident memory (a random read maps up to 16 pages around it) until it is unmapped.
     */
    long MAP_LIMIT = 512L << 20;
    /** The paged form's blocks: 4 KiB. */
    int BLOCK_SHIFT = 12;
    /** The paged form's cache: 4,096 blocks, 16 MiB of heap per file. */
    int BLOCK_SLOTS = 4096;

    /**
     * The array in file {@code file}, read-only: memory-mapped when the file holds at most
     * {@link #MAP_LIMIT} bytes, else paged; the file must hold exactly that many values.
     */
    static PackedArray open(Path file, long length, int width) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            if (channel.size() != length * width) {
                throw new IllegalStateException(file + " holds " + channel.size() + " bytes, expected " + length * width);
            }
            if (length * width > MAP_LIMIT) {
                PackedArray paged = PackedArray.paged(channel, length, width, BLOCK_SHIFT, BLOCK_SLOTS);
                channel = null;   // it reads through the channel from now on
                return paged;
            }
            return PackedArray.map(channel, 0, length, width, false, PackedArray.DEFAULT_SEGMENT_SHIFT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // the mapping, if made, outlives the channel
                }
            }
        }
    }
}
