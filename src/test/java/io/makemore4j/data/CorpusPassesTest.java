package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.makemore4j.data.TestCorpora.lines;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusPassesTest {

    @TempDir
    Path dir;

    /** {@code n} items of 1 to 14 characters over {@code alphabet} code points from {@code first}, with blank lines between some. */
    private Path corpus(String name, int n, int first, int alphabet) throws IOException {
        Random random = new Random(13);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            for (int j = 0, length = 1 + random.nextInt(14); j < length; j++) {
                text.appendCodePoint(first + random.nextInt(alphabet));
            }
            text.append(i % 97 == 0 ? "\n\n" : "\n");
        }
        return Files.writeString(dir.resolve(name), text);
    }

    /** The prepared form's files, made in one pass and in passes under a budget of {@code budget} bytes. */
    private void assertSameFiles(DataConfig config, long budget, boolean keepLengths) throws IOException {
        Corpus corpus = CorpusReader.read(config, ReadProgress.NONE, true);
        Corpus passes = CorpusReader.read(config, ReadProgress.NONE, keepLengths);
        assertEquals(keepLengths, passes.hasLengths());
        Path onePass = dir.resolve("one");
        Path several = dir.resolve("several");
        PreparedData expected = PreparedCorpus.write(onePass, corpus, config, 3, ReadProgress.NONE, Long.MAX_VALUE);
        PreparedData actual = PreparedCorpus.write(several, passes, config, 3, ReadProgress.NONE, budget);
        Path a = PreparedCorpus.directory(onePass, corpus.sha256(), config);
        Path b = PreparedCorpus.directory(several, corpus.sha256(), config);
        for (String file : List.of(CorpusEncoder.CODES, CorpusEncoder.OFFSETS, "meta.json")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)), file);
        }
        try (Stream<Path> files = Files.list(b)) {
            assertEquals(List.of(CorpusEncoder.CODES, "meta.json", CorpusEncoder.OFFSETS),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
        for (String split : PreparedData.SPLIT_NAMES) {
            assertEquals(expected.split(split).items(), actual.split(split).items(), split);
        }
        deleteTree(onePass);
        deleteTree(several);
    }

    @Test
    void passesWriteTheBytesOfTheOnePassEncoder() throws IOException {
        DataConfig config = lines(corpus("letters.txt", 20_000, 'a', 26));
        Corpus corpus = CorpusReader.read(config);
        long budget = 40_000;   // 20,000 items: 5 slices of the inverse, windows of ~1,500 items
        CorpusPasses.Windows windows = CorpusPasses.Windows.of(corpus.size(), corpus.characters(), 1, budget);
        assertTrue(windows.buckets() > 5, windows.toString());
        assertTrue(PreparedCorpus.onePassBytes(corpus, corpus.vocabulary()) > budget);
        assertSameFiles(config, budget, true);
        assertSameFiles(config, budget, false);   // a corpus read without its lengths
        assertSameFiles(config, 1000, false);     // more buckets than are open at a time: two reads of the corpus
    }

    @Test
    void passesWriteTwoByteCodes() throws IOException {
        DataConfig config = lines(corpus("cjk.txt", 3_000, 0x4E00, 700));
        assertSameFiles(config, 10_000, false);
    }

    @Test
    void aCorpusWithoutLengthsIsPreparedWithoutAnyBudget() throws IOException {
        DataConfig config = lines(corpus("letters.txt", 2_000, 'a', 26));
        Corpus corpus = CorpusReader.read(config, ReadProgress.NONE, false);
        ReadProgress progress = new ReadProgress("preparing", null);
        PreparedData data = PreparedCorpus.write(dir.resolve("cache"), corpus, config, 3, progress, Long.MAX_VALUE);
        String passes = progress.passSummary();   // each pass with its time, for train.log
        assertTrue(passes.matches("shuffling 2,000 items [\\d.]+ s, inverting the shuffle in 1 pass [\\d.]+ s, "
                + "writing 1 bucket [\\d.]+ s, writing 1 window [\\d.]+ s"), passes);
        assertEquals(PreparedData.of(CorpusReader.read(config), CorpusReader.read(config).vocabulary(), config, 3).test().items(),
                data.test().items());
        assertFalse(Files.exists(dir.resolve("cache").resolve(CorpusPasses.INVERSE)));
    }

    @Test
    void refusesACorpusThatChangedBetweenItsReadAndThePasses() throws IOException {
        Path file = corpus("letters.txt", 2_000, 'a', 26);
        DataConfig config = lines(file);
        Corpus corpus = CorpusReader.read(config, ReadProgress.NONE, false);
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("a", "b"));   // the same lengths, one letter changed
        BadInputException e = assertThrows(BadInputException.class,
                () -> PreparedCorpus.write(dir.resolve("cache"), corpus, config, 3, ReadProgress.NONE, 1000));
        assertEquals("corpus " + file + ": the file changed while it was being read; run the command again", e.getMessage());
        try (Stream<Path> left = Files.list(dir.resolve("cache"))) {
            assertEquals(0, left.count(), "the staging directory is removed");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
