package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.InputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The text of a corpus file as a stream of characters: decoded strictly as UTF-8 in chunks of
 * {@value #CHUNK} bytes (on the heap; nothing holds the whole file), a leading byte-order mark
 * dropped, the SHA-256 of the bytes and the count of bytes read kept as it goes. A byte sequence
 * that is not UTF-8 is a {@link BadInputException} naming its line. One pass; close it after.
 */
final class CorpusText extends Reader {

    static final int CHUNK = 1 << 16;

    private final String where;
    private final InputStream in;
    private final long size;
    private final MessageDigest digest;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
    private final CharBuffer chars = CharBuffer.allocate(CHUNK);
    private long bytesRead;
    private long newlines;          // '\n' bytes decoded so far (the line of a bad byte)
    private boolean endOfInput;
    private boolean flushed;
    private boolean first = true;

    private CorpusText(String where, InputStream in, long size) {
        this.where = where;
        this.in = in;
        this.size = size;
        this.digest = sha256Digest();
        bytes.flip();
        chars.flip();
    }

    /**
     * Opens a corpus file.
     *
     * @param where names the corpus in messages, e.g. "corpus names.txt"
     * @throws BadInputException if it is missing, a directory, unreadable or empty
     */
    static CorpusText open(Path path, String where) {
        if (Files.isDirectory(path)) {
            throw new BadInputException(where + ": is a directory, not a file");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {   // checked before opening: opening a FIFO blocks
            throw new BadInputException(where + ": " + InputFiles.notRegular(path));
        }
        try {
            long size = Files.size(path);
            if (size == 0) {
                throw new BadInputException(where + ": the file is empty");
            }
            return new CorpusText(where, Files.newInputStream(path), size);
        } catch (NoSuchFileException e) {
            throw new BadInputException(where + ": file not found");
        } catch (IOException e) {
            throw new BadInputException(where + ": cannot read the file (" + e + ")", e);
        }
    }

    /** The SHA-256 of a file's bytes, lower-case hex, read in chunks. */
    static String sha256(Path path, String where) {
        try (CorpusText text = open(path, where)) {
            while (text.fillBytes()) {
                text.bytes.position(text.bytes.limit());
            }
            return text.sha256();
        }
    }

    /**
     * About how many lines a file has: its size over the mean line length of its first MiB (every
     * line if the file is smaller). 0 for a file that cannot be read (reading it reports why).
     */
    static long estimatedLines(Path path) {
        if (!Files.isRegularFile(path)) {
            return 0;
        }
        try (java.io.InputStream in = Files.newInputStream(path)) {
            long size = Files.size(path);
            byte[] head = in.readNBytes(1 << 20);
            long lines = 1;
            for (byte b : head) {
                lines += b == '\n' ? 1 : 0;
            }
            return head.length == size ? lines : (long) Math.ceil((double) size * lines / Math.max(1, head.length));
        } catch (IOException e) {
            return 0;
        }
    }

    /** The file's size in bytes. */
    long size() {
        return size;
    }

    /** Bytes read from the file so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** SHA-256 of the bytes read so far (all of them, once the text has been read to its end). */
    String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests can be cloned", e);
        }
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
        while (!chars.hasRemaining()) {
            if (flushed) {
                return -1;
            }
            decodeMore();
        }
        if (first) {
            first = false;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.get();   // a byte-order mark is not text
                return read(buffer, offset, length);
            }
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    private void decodeMore() {
        chars.clear();
        if (!endOfInput && !fillBytes()) {
            endOfInput = true;
        }
        int before = bytes.position();
        CoderResult result = decoder.decode(bytes, chars, endOfInput);
        countNewlines(before, bytes.position());
        if (endOfInput && result.isUnderflow()) {   // all bytes decoded: the decoder's end
            result = decoder.flush(chars);
            flushed = result.isUnderflow();
        }
        if (result.isError()) {
            int bad = bytes.position();
            throw new BadInputException(String.format("%s line %d: not valid UTF-8 (byte 0x%02X)",
                    where, newlines + 1, bytes.get(bad) & 0xFF));
        }
        chars.flip();
    }

    /** Reads more bytes behind those not yet decoded; false at the end of the file. */
    private boolean fillBytes() {
        bytes.compact();
        try {
            int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            if (n > 0) {
                digest.update(bytes.array(), bytes.arrayOffset() + bytes.position(), n);
                bytes.position(bytes.position() + n);
                bytesRead += n;
            }
            bytes.flip();
            return n >= 0;
        } catch (IOException e) {
            throw new BadInputException(where + ": cannot read the file (" + e + ")", e);
        }
    }

    private void countNewlines(int from, int to) {
        byte[] array = bytes.array();
        for (int i = from; i < to; i++) {
            if (array[bytes.arrayOffset() + i] == '\n') {
                newlines++;
            }
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // reading is over; nothing was written
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
