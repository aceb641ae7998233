package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import io.makemore4j.data.store.Buffers;
import io.makemore4j.data.store.PackedArray;
import io.makemore4j.data.store.Storage;
import io.makemore4j.data.store.ValueFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Writes the prepared form of a corpus ({@link PreparedCorpus}: {@code codes.bin} and
 * {@code offsets.bin}, byte for byte what {@link CorpusEncoder} writes) in passes, holding at most a
 * memory budget of it at a time whatever the corpus's size:
 * <ol>
 *   <li>the shuffle ({@link ItemSplit}), on a privately mapped permutation ({@link Storage#scratch}:
 *       4 bytes per item; Python's Fisher-Yates swaps anywhere in it, so all of it is resident while it
 *       runs), copied to a file and unmapped as soon as it is done;</li>
 *   <li>the inverse permutation (each item's shuffled position, in file order) written to a file, in
 *       slices of {@code budget / 4} items: each slice reads the permutation file once;</li>
 *   <li>one streaming read of the corpus (validated and hashed again, as in {@link CorpusEncoder}),
 *       each item's position, length and codes appended to the bucket file of the window of shuffled
 *       positions it falls in; the windows are chosen so that one window's offsets and codes fit the
 *       budget (beyond {@value #OPEN_BUCKETS} buckets, one read per group of that many, so that few
 *       files are open at a time);</li>
 *   <li>each bucket in turn, read twice: its lengths give the window's offsets (appended to
 *       {@code offsets.bin}), then its codes are put in place in a buffer of the window's codes,
 *       which is appended to {@code codes.bin}.</li>
 * </ol>
 * Every file is read and written with plain reads and writes through small buffers
 * ({@link ValueFile}), never mapped, so the passes hold their buffers, not the files' pages; the
 * windows (the inverse's slice, a window's offsets and codes) are direct buffers released as soon as
 * they are written ({@link Buffers}), so the heap does not grow by the budget for the rest of the run.
 * Disk: the temporary files take about 9 bytes per item plus the codes, besides the output.
 */
final class CorpusPasses {

    /** The temporary file of each item's shuffled position, in file order (4 bytes each). */
    static final String INVERSE = "inverse.tmp";
    /** The temporary copy of the permutation, written once the shuffle is done. */
    static final String PERMUTATION = "permutation.tmp";
    private static final int BUFFER = 1 << 20;
    /** Bucket files open at a time while the corpus is read (more buckets take more reads). */
    static final int OPEN_BUCKETS = 256;

    private CorpusPasses() {
    }

    /** Where a window of shuffled positions lies: {@code buckets} windows of {@code items} positions (the last may be shorter). */
    record Windows(int buckets, int items) {
        /** Windows for {@code n} items of {@code characters} codes of {@code codeWidth} bytes, each window's offsets and codes within {@code budget} bytes. */
        static Windows of(long n, long characters, int codeWidth, long budget) {
            double bytes = n * 8.0 + (double) characters * codeWidth;   // offsets (a long per item) and codes
            int buckets = (int) Math.max(1, Math.min(n, Math.ceil(bytes / Math.max(1, budget))));
            int items = (int) ((n + buckets - 1) / buckets);
            return new Windows((int) ((n + items - 1) / items), items);
        }
    }

    /** Disk the passes take besides the output, at most (the permutation, the inverse and the buckets). */
    static long temporaryBytes(Corpus corpus, Vocabulary vocabulary) {
        long n = corpus.size();
        return n * 4 * 2 + n * (4 + PackedArray.widthFor(Math.max(1, corpus.maxItemLength())))
                + corpus.characters() * PackedArray.widthFor(vocabulary.size() - 1L);
    }

    /**
     * Shuffles, splits and encodes a corpus into {@code dir}'s {@code codes.bin} and {@code offsets.bin}
     * in passes of at most about {@code budget} bytes of heap (the permutation file, 4 bytes per
     * item, aside), leaving no temporary file.
     *
     * @return {@code {n1, n2}}, where the val and test items start
     * @throws BadInputException if the corpus is too small to split, has a character outside the
     *                           vocabulary, or changed since it was read
     */
    static int[] write(Corpus corpus, Vocabulary vocabulary, DataConfig config, Path dir, long budget, ReadProgress progress) {
        int n = corpus.size();
        ItemSplit split = PreparedData.split(corpus, config, Storage.scratch(dir), progress.pass("shuffling " + String.format(
                Locale.ROOT, "%,d items", n)));
        int orderWidth = split.order().width();
        try (ValueFile.Writer out = new ValueFile.Writer(dir.resolve(PERMUTATION), BUFFER)) {
            for (long p = 0; p < n; p++) {
                out.put(orderWidth, split.order().get(p));
            }
        }
        split.order().unmap();   // its pages leave the resident memory now; the copy is read sequentially from here on
        delete(dir.resolve(ItemSplit.ORDER));
        invert(dir, n, orderWidth, budget, progress);
        delete(dir.resolve(PERMUTATION));
        int codeWidth = PackedArray.widthFor(vocabulary.size() - 1L);
        Windows windows = Windows.of(n, corpus.characters(), codeWidth, budget);
        int lengthWidth = PackedArray.widthFor(Math.max(1, corpus.maxItemLength()));
        try {
            distribute(corpus, vocabulary, dir, windows, lengthWidth, codeWidth, budget, progress);
        } catch (BadInputException e) {
            throw new BadInputException("corpus " + config.corpusName() + ": " + e.getMessage(), e);
        }
        delete(dir.resolve(INVERSE));
        gather(dir, n, corpus.characters(), windows, lengthWidth, codeWidth, progress);
        return new int[] {split.n1(), split.n2()};
    }

    /** Writes {@link #INVERSE} from the permutation file: {@code inverse[order[p]] = p}, a slice of items per pass. */
    private static void invert(Path dir, int n, int orderWidth, long budget, ReadProgress progress) {
        int slice = (int) Math.max(1, Math.min(n, budget / 4));
        int passes = (n + slice - 1) / slice;
        ByteBuffer inverse = Buffers.allocate(slice * 4);   // (slice ints) the positions of items [from, from + slice)
        ReadProgress reading = progress.pass(String.format(Locale.ROOT, "inverting the shuffle in %d pass%s", passes,
                passes == 1 ? "" : "es"));
        reading.startPass();
        long total = (long) passes * n;   // permutation values read over all passes
        try (ValueFile.Writer out = new ValueFile.Writer(dir.resolve(INVERSE), BUFFER)) {
            for (int pass = 0; pass < passes; pass++) {
                long done = (long) pass * n;
                long from = (long) pass * slice;
                int size = (int) Math.min(slice, n - from);
                try (ValueFile.Reader order = new ValueFile.Reader(dir.resolve(PERMUTATION), BUFFER)) {
                    for (int p = 0; p < n; p++) {
                        long at = order.get(orderWidth) - from;
                        if (at >= 0 && at < size) {
                            inverse.putInt((int) at * 4, p);
                        }
                        reading.update((done + p) * orderWidth, total * orderWidth, done + p + 1);
                    }
                }
                out.put(inverse.clear().limit(size * 4));
            }
        } finally {
            Buffers.release(inverse);
        }
        reading.finish(total * orderWidth, total);
    }

    /**
     * Reads the corpus, appending each item (position, length, codes) to the bucket of its window:
     * once when there are at most {@link #OPEN_BUCKETS} buckets, else once per group of that many
     * (each read writes only its group's buckets), so that no more files are open at a time.
     */
    private static void distribute(Corpus corpus, Vocabulary vocabulary, Path dir, Windows windows, int lengthWidth, int codeWidth,
                                   long budget, ReadProgress progress) {
        int groups = (windows.buckets() + OPEN_BUCKETS - 1) / OPEN_BUCKETS;
        for (int g = 0; g < groups; g++) {
            int first = g * OPEN_BUCKETS;
            int count = Math.min(OPEN_BUCKETS, windows.buckets() - first);
            String what = groups == 1 ? String.format(Locale.ROOT, "writing %,d bucket%s", count, count == 1 ? "" : "s")
                    : String.format(Locale.ROOT, "writing buckets %,d to %,d of %,d", first + 1, first + count, windows.buckets());
            distribute(corpus, vocabulary, dir, windows, first, count, lengthWidth, codeWidth, budget, progress.pass(what));
        }
    }

    /** One read of the corpus, writing the buckets {@code [first, first + count)}. */
    private static void distribute(Corpus corpus, Vocabulary vocabulary, Path dir, Windows windows, int first, int count,
                                   int lengthWidth, int codeWidth, long budget, ReadProgress reading) {
        int n = corpus.size();
        int[] table = CorpusEncoder.table(vocabulary);
        long maxLength = lengthWidth == 4 ? Integer.MAX_VALUE : (1L << (8 * lengthWidth)) - 1;
        int buffer = (int) Math.max(4096, Math.min(BUFFER, budget / 4 / count));
        ValueFile.Writer[] buckets = new ValueFile.Writer[count];
        long[] characters = {0};
        try (ValueFile.Reader inverse = new ValueFile.Reader(dir.resolve(INVERSE), BUFFER)) {
            for (int b = 0; b < count; b++) {
                buckets[b] = new ValueFile.Writer(bucket(dir, first + b), buffer);
            }
            CorpusDigest digest = CorpusReader.forEachItem(corpus.config(), (index, line, item, file) -> {
                if (index >= n) {
                    throw CorpusEncoder.changed();
                }
                int p = inverse.get(4);
                int length = item.codePointCount(0, item.length());
                characters[0] += length;
                int b = p / windows.items() - first;
                if (length > maxLength) {
                    throw CorpusEncoder.changed();
                }
                if (b < 0 || b >= count) {
                    return;   // another group's
                }
                ValueFile.Writer out = buckets[b];
                out.put(4, p);
                out.put(lengthWidth, length);
                for (int i = 0; i < item.length(); ) {
                    int cp = item.codePointAt(i);
                    out.put(codeWidth, CorpusEncoder.code(table, vocabulary, item, cp));
                    i += Character.charCount(cp);
                }
            }, reading);
            if (!digest.sha256().equals(corpus.sha256()) || characters[0] != corpus.characters() || inverse.remaining() != 0) {
                throw CorpusEncoder.changed();
            }
        } finally {
            for (ValueFile.Writer out : buckets) {
                if (out != null) {
                    out.close();
                }
            }
        }
    }

    /** Each bucket in turn: the window's offsets, then its codes in place; appended to the prepared form's files. */
    private static void gather(Path dir, int n, long characters, Windows windows, int lengthWidth, int codeWidth,
                               ReadProgress progress) {
        long at = 0;   // codes written so far
        try (ValueFile.Writer offsets = new ValueFile.Writer(dir.resolve(CorpusEncoder.OFFSETS), BUFFER);
             FileChannel codes = FileChannel.open(dir.resolve(CorpusEncoder.CODES), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            offsets.putLong(0);
            long total = 0;   // bytes read over all buckets: each is read twice
            for (int b = 0; b < windows.buckets(); b++) {
                total += 2 * Files.size(bucket(dir, b));
            }
            ReadProgress reading = progress.pass(String.format(Locale.ROOT, "writing %,d window%s", windows.buckets(),
                    windows.buckets() == 1 ? "" : "s"));
            reading.startPass();
            Progress done = new Progress(reading, total);
            for (int b = 0; b < windows.buckets(); b++) {
                Path file = bucket(dir, b);
                Bucket bucket = new Bucket(file, b, (long) b * windows.items(), (int) Math.min(windows.items(), n - (long) b * windows.items()),
                        Files.size(file), lengthWidth, codeWidth);
                ByteBuffer ends = bucket.lengths(done);   // (window items longs) their lengths, then where each ends
                long start = at;
                for (int j = 0; j < bucket.size(); j++) {
                    at += ends.getLong(j * 8);
                    ends.putLong(j * 8, at);
                }
                offsets.put(ends.clear());
                ByteBuffer window = bucket.codes(ends, start, at, done);
                Buffers.release(ends);
                while (window.hasRemaining()) {
                    codes.write(window, start * codeWidth + window.position());
                }
                Buffers.release(window);
                delete(file);
            }
            reading.finish(total, done.items);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the prepared corpus in " + dir, e);
        }
        if (at != characters) {
            throw new IllegalStateException("wrote " + at + " codes, expected " + characters);
        }
    }

    /**
     * One bucket file: the records (position, length, codes) of the items of the window of
     * {@code size} shuffled positions from {@code from}, in file order.
     */
    private record Bucket(Path file, int index, long from, int size, long bytes, int lengthWidth, int codeWidth) {

        /** The first read: the length of the item at each position of the window. */
        ByteBuffer lengths(Progress progress) {
            if ((long) size * 8 > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("window " + index + " holds " + size + " items, more than a buffer of offsets");
            }
            ByteBuffer lengths = Buffers.allocate(size * 8);
            long records = 0;
            try (ValueFile.Reader in = new ValueFile.Reader(file, BUFFER)) {
                while (in.remaining() > 0) {
                    int p = (int) (in.get(4) - from);
                    int length = in.get(lengthWidth);
                    if (p < 0 || p >= size || lengths.getLong(p * 8) != 0) {   // items are never empty: a set length is a duplicate
                        throw new IllegalStateException("bucket " + index + " holds position " + (p + from) + " twice or out of its window");
                    }
                    lengths.putLong(p * 8, length);
                    in.skip((long) length * codeWidth);
                    records++;
                    progress.at(bytes - in.remaining());
                }
            }
            progress.bucketRead(bytes);
            if (records != size) {
                throw new IllegalStateException("bucket " + index + " holds " + records + " items, its window " + size);
            }
            return lengths;
        }

        /** The second read: the window's codes [start, end) in shuffled order, each item's put where {@code ends} says. */
        ByteBuffer codes(ByteBuffer ends, long start, long end, Progress progress) {
            long windowBytes = (end - start) * codeWidth;
            if (windowBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("window " + index + " holds " + windowBytes + " bytes of codes, more than a buffer");
            }
            ByteBuffer window = Buffers.allocate((int) windowBytes);   // (its codes) in shuffled order
            try (ValueFile.Reader in = new ValueFile.Reader(file, BUFFER)) {
                for (int r = 0; r < size; r++) {
                    int p = (int) (in.get(4) - from);
                    int length = in.get(lengthWidth);
                    int put = (int) ((ends.getLong(p * 8) - length - start) * codeWidth);
                    in.get(window, put, length * codeWidth);   // the bucket holds the codes as codes.bin does
                    progress.at(bytes - in.remaining());
                }
            }
            progress.bucketRead(bytes);
            return window;
        }
    }

    /** The gathering's progress over all the buckets' reads: bytes and records read so far. */
    private static final class Progress {
        private final ReadProgress line;
        private final long total;
        private long before;   // bytes of the reads finished
        private long items;    // records read

        Progress(ReadProgress line, long total) {
            this.line = line;
            this.total = total;
        }

        /** After each record: {@code bytes} of the current read so far. */
        void at(long bytes) {
            line.update(before + bytes, total, ++items);
        }

        /** After a whole read of a bucket of {@code bytes}. */
        void bucketRead(long bytes) {
            before += bytes;
        }
    }

    private static Path bucket(Path dir, int b) {
        return dir.resolve(String.format(Locale.ROOT, "bucket-%05d.tmp", b));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
