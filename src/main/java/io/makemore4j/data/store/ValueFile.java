package io.makemore4j.data.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sequential reading and writing of a file of little-endian values (the layout of {@link Storage}'s
 * files) through one buffer on the Java heap and plain {@link FileChannel} reads and writes, never
 * a memory mapping: what a pass over a file several GB long holds is its buffer, and the file's
 * pages stay in the operating system's page cache, outside the process's resident memory.
 */
public final class ValueFile {

    private ValueFile() {
    }

    /** Reads values one after another from the start of a file. Not thread-safe. */
    public static final class Reader implements Closeable {
        private final Path file;
        private final FileChannel channel;
        private final ByteBuffer buffer;
        private final long size;   // of the file when it was opened (it is not written while read)
        private long position;     // of the file, where the next read into the buffer starts

        /** A reader of {@code file} with a buffer of {@code bufferBytes} (at least 8). */
        public Reader(Path file, int bufferBytes) {
            this.file = file;
            try {
                this.channel = FileChannel.open(file, StandardOpenOption.READ);
                this.size = channel.size();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            this.buffer = ByteBuffer.allocate(Math.max(8, bufferBytes)).order(ByteOrder.LITTLE_ENDIAN);
            buffer.limit(0);
        }

        /** Bytes of the file not read yet. */
        public long remaining() {
            return size - position + buffer.remaining();
        }

        private void need(int bytes) {
            if (buffer.remaining() >= bytes) {
                return;
            }
            buffer.compact();
            try {
                while (buffer.position() < bytes) {
                    int read = channel.read(buffer, position);
                    if (read < 0) {
                        throw new IllegalStateException(file + " ends before its last value");
                    }
                    position += read;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            buffer.flip();
        }

        /** The next value of {@code width} bytes (1, 2 or 4), unsigned. */
        public int get(int width) {
            need(width);
            return switch (width) {
                case 1 -> buffer.get() & 0xFF;
                case 2 -> buffer.getShort() & 0xFFFF;
                default -> buffer.getInt();
            };
        }

        /** The next long. */
        public long getLong() {
            need(8);
            return buffer.getLong();
        }

        /** Copies the next {@code bytes} bytes into {@code target} from its index {@code at} (its position is left as it is). */
        public void get(ByteBuffer target, int at, int bytes) {
            int done = 0;
            while (done < bytes) {
                need(1);
                int n = Math.min(bytes - done, buffer.remaining());
                target.put(at + done, buffer, buffer.position(), n);
                buffer.position(buffer.position() + n);
                done += n;
            }
        }

        /** Skips {@code bytes} bytes. */
        public void skip(long bytes) {
            long inBuffer = Math.min(bytes, buffer.remaining());
            buffer.position(buffer.position() + (int) inBuffer);
            position += bytes - inBuffer;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file, e);
            }
        }
    }

    /** Appends values to a new file. Not thread-safe. */
    public static final class Writer implements Closeable {
        private final Path file;
        private final FileChannel channel;
        private final ByteBuffer buffer;
        private long written;

        /** A writer of a new file {@code file} (it must not exist) with a buffer of {@code bufferBytes} (at least 8). */
        public Writer(Path file, int bufferBytes) {
            this.file = file;
            try {
                this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + file, e);
            }
            this.buffer = ByteBuffer.allocate(Math.max(8, bufferBytes)).order(ByteOrder.LITTLE_ENDIAN);
        }

        private void room(int bytes) {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        /** Appends a value of {@code width} bytes (1, 2 or 4; it must fit, unsigned). */
        public void put(int width, int value) {
            room(width);
            switch (width) {
                case 1 -> buffer.put((byte) value);
                case 2 -> buffer.putShort((short) value);
                default -> buffer.putInt(value);
            }
        }

        /** Appends a long. */
        public void putLong(long value) {
            room(8);
            buffer.putLong(value);
        }

        /** Appends the remaining bytes of {@code bytes}, directly when they are more than the buffer holds. */
        public void put(ByteBuffer bytes) {
            if (bytes.remaining() <= buffer.remaining()) {
                buffer.put(bytes);
                return;
            }
            flush();
            write(bytes);
        }

        /** Bytes appended so far. */
        public long size() {
            return written + buffer.position();
        }

        private void flush() {
            buffer.flip();
            write(buffer);
            buffer.clear();
        }

        private void write(ByteBuffer bytes) {
            try {
                while (bytes.hasRemaining()) {
                    written += channel.write(bytes, written);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        @Override
        public void close() {
            flush();
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file, e);
            }
        }
    }
}
