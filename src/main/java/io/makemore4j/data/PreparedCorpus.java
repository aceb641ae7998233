package io.makemore4j.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import io.makemore4j.data.store.PackedArray;
import io.makemore4j.data.store.Storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A corpus prepared once for later runs, as nanoGPT prepares {@code train.bin}: its items encoded
 * in split order in {@code codes.bin} (one code per character, 1, 2 or 4 bytes), their
 * {@code offsets.bin} (a long per item boundary) and a {@code meta.json}, in a directory of the
 * cache named by the corpus's SHA-256 and the data settings that shape it
 * ({@code <sha256 prefix>-<settings hash>}). Later runs memory-map the two files (no corpus read, no
 * shuffle, no encoding: the pages a run touches are all it holds in memory), so corpora larger
 * than the heap, or than 2^31 characters, train. The directory is written under a temporary name
 * and renamed when complete, so a half-written one is never found; removing it (or the whole cache
 * directory) is always safe.
 */
public final class PreparedCorpus {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String META = "meta.json";

    private PreparedCorpus() {
    }

    /** The directory of the prepared form of a corpus (by its SHA-256) under {@code data} settings. */
    public static Path directory(Path cache, String sha256, DataConfig data) {
        return cache.resolve(sha256.substring(0, 16) + "-" + sha256Hex(PreparedMeta.dataKey(data)).substring(0, 12));
    }

    /**
     * The prepared form of a corpus, if the cache holds one, memory-mapped.
     *
     * @throws BadInputException if the directory exists but does not match the corpus or the settings,
     *                           or its files are damaged (it names the directory to remove)
     */
    static Optional<PreparedData> open(Path cache, CorpusDigest digest, DataConfig data, int blockSize) {
        String sha256 = digest.sha256();
        Path dir = directory(cache, sha256, data);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        PreparedMeta meta = readMeta(dir);
        String problem = mismatch(meta, sha256, data, dir);
        if (problem != null) {
            throw new BadInputException("prepared corpus " + dir + " " + problem + "; remove it (rm -r " + dir
                    + ") and run again to prepare it anew");
        }
        Vocabulary vocabulary = Vocabulary.fromList(meta.vocabulary());
        PackedArray codes = Storage.open(dir.resolve(CorpusEncoder.CODES), meta.characters(), meta.codeWidth());
        PackedArray offsets = Storage.open(dir.resolve(CorpusEncoder.OFFSETS), meta.items() + 1L, 8);
        CorpusInfo info = new CorpusInfo(Path.of(data.corpusName()), digest, meta.items(), meta.characters(), meta.longestItem(),
                "prepared form " + dir + (codes.isPaged() || offsets.isPaged() ? " (read through a block cache)" : " (memory-mapped)"));
        return Optional.of(PreparedData.of(info, vocabulary, new EncodedItems(codes, offsets, 0, meta.items()),
                meta.n1(), meta.n2(), blockSize));
    }

    /**
     * Prepares a corpus into the cache (its directory must not exist yet) and returns it, memory-mapped.
     *
     * @throws BadInputException if the disk lacks the room, or the corpus is not fit to split or encode
     */
    static PreparedData write(Path cache, Corpus corpus, DataConfig data, int blockSize, ReadProgress progress) {
        return write(cache, corpus, data, blockSize, progress, budget());
    }

    /**
     * The memory a preparation may hold at a time: a quarter of the JVM's heap (128 MB under
     * {@code bin/makemore4j}), where the passes keep their windows.
     */
    static long budget() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /**
     * Bytes the one-pass encoder touches ({@link CorpusEncoder} on mapped files: the codes, the
     * offsets, the destinations and the permutation, all resident while it runs).
     */
    static long onePassBytes(Corpus corpus, Vocabulary vocabulary) {
        long n = corpus.size();
        return corpus.characters() * PackedArray.widthFor(vocabulary.size() - 1L) + (n + 1) * 16 + n * PackedArray.widthFor(n - 1L);
    }

    /**
     * {@link #write(Path, Corpus, DataConfig, int, ReadProgress)} within a memory budget: in one pass
     * ({@link CorpusEncoder}) when what it touches fits {@code budget} bytes and the corpus kept its
     * item lengths, else in passes ({@link CorpusPasses}). Both write the same bytes.
     */
    static PreparedData write(Path cache, Corpus corpus, DataConfig data, int blockSize, ReadProgress progress, long budget) {
        Path dir = directory(cache, corpus.sha256(), data);
        if (!data.splitFiles()) {
            ItemSplit.checkedCuts(corpus.size(), data.split(), data.path());   // before anything is written
        }
        Vocabulary vocabulary = corpus.vocabulary();
        int width = PackedArray.widthFor(vocabulary.size() - 1L);
        boolean onePass = corpus.hasLengths() && onePassBytes(corpus, vocabulary) <= budget;
        long bytes = corpus.characters() * width + (corpus.size() + 1L) * 8
                + (onePass ? corpus.size() * 12L : CorpusPasses.temporaryBytes(corpus, vocabulary));
        Path staging = staging(cache, dir, bytes);
        try {
            int n1;
            int n2;
            if (onePass) {
                PreparedData.Encoded encoded = PreparedData.of(corpus, vocabulary, data, blockSize, Storage.files(staging), progress);
                Files.delete(staging.resolve(ItemSplit.ORDER));   // the permutation and destinations: only needed while encoding
                Files.delete(staging.resolve(CorpusEncoder.DESTINATION));
                n1 = encoded.n1();
                n2 = encoded.n2();
            } else {
                int[] cuts = CorpusPasses.write(corpus, vocabulary, data, staging, budget, progress);
                n1 = cuts[0];
                n2 = cuts[1];
            }
            PreparedMeta meta = new PreparedMeta(PreparedMeta.FORMAT, corpus.sha256(), data.corpusName(), PreparedMeta.dataKey(data),
                    corpus.size(), corpus.characters(), width, n1, n2, vocabulary.toList(),
                    corpus.longestItem());
            Files.write(staging.resolve(META), JSON.writeValueAsBytes(meta));
            publish(staging, dir);
        } catch (IOException e) {
            deleteQuietly(staging);
            throw new UncheckedIOException("cannot write the prepared corpus " + dir, e);
        } catch (RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
        return open(cache, corpus.digest(), data, blockSize).orElseThrow();
    }

    /** The bytes of the files of a prepared form's directory. */
    public static long bytes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(PreparedCorpus::size).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static PreparedMeta readMeta(Path dir) {
        try {
            io.makemore4j.config.InputFiles.regularFile(dir.resolve(META), "prepared corpus file", 1 << 20);
            PreparedMeta meta = JSON.readValue(Files.readAllBytes(dir.resolve(META)), PreparedMeta.class);
            if (meta == null) {
                throw new IOException("it holds null");
            }
            return meta;
        } catch (IOException | BadInputException e) {
            throw new BadInputException("prepared corpus " + dir + " has no readable " + META + " (" + e.getClass().getSimpleName()
                    + "); remove it (rm -r " + dir + ") and run again to prepare it anew", e);
        }
    }

    /** What is wrong with a prepared form for this corpus and these settings, or null. */
    private static String mismatch(PreparedMeta meta, String sha256, DataConfig data, Path dir) {
        if (!PreparedMeta.FORMAT.equals(meta.format())) {
            return "has layout " + meta.format() + ", not " + PreparedMeta.FORMAT;
        }
        if (!sha256.equals(meta.corpusSha256())) {
            return "was made from another corpus (SHA-256 " + meta.corpusSha256() + " of " + meta.corpusPath()
                    + ", not " + sha256 + " of " + data.corpusName() + ")";
        }
        if (!PreparedMeta.dataKey(data).equals(meta.data())) {
            return "was made with other data settings (" + meta.data() + ")";
        }
        long codes = meta.characters() * meta.codeWidth();
        long offsets = (meta.items() + 1L) * 8;
        if (size(dir.resolve(CorpusEncoder.CODES)) != codes || size(dir.resolve(CorpusEncoder.OFFSETS)) != offsets) {
            return "is damaged (" + CorpusEncoder.CODES + " must hold " + codes + " bytes and " + CorpusEncoder.OFFSETS + " "
                    + offsets + ")";
        }
        return null;
    }

    /** A new staging directory beside the final one, after checking that the disk has room for {@code bytes}. */
    private static Path staging(Path cache, Path dir, long bytes) {
        try {
            Files.createDirectories(cache);
            long free = Files.getFileStore(cache).getUsableSpace();
            if (free < bytes + (64L << 20)) {
                throw new BadInputException(String.format("not enough disk space in %s to prepare the corpus: it needs about %,d MB,"
                        + " %,d MB are free (set MAKEMORE4J_CACHE to a directory with more room)", cache, bytes >> 20, free >> 20));
            }
            return Files.createTempDirectory(cache, dir.getFileName() + ".tmp-");
        } catch (IOException e) {
            throw new BadInputException("cannot write the corpus cache " + cache + " (" + e + ")", e);
        }
    }

    private static void publish(Path staging, Path dir) throws IOException {
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            deleteQuietly(staging);   // another process prepared the same corpus meanwhile: keep its copy
        } catch (IOException e) {
            if (Files.isDirectory(dir) && Files.exists(dir.resolve(META))) {
                deleteQuietly(staging);   // (a non-empty target directory: the same race)
            } else {
                throw e;
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover *.tmp-* directory is harmless and never read
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
