package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.makemore4j.data.TestCorpora.lines;
import static io.makemore4j.data.TestCorpora.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PreparedDataTest {

    @TempDir
    Path dir;

    @Test
    void reproducesTheReferenceSplitOnTheReferenceCorpus() {
        TestCorpora.assumePresent(TestCorpora.REFERENCE_NAMES, "reproducesTheReferenceSplitOnTheReferenceCorpus",
                "the reference split needs makemore's names in ../shared");
        PreparedData data = PreparedData.load(lines(TestCorpora.REFERENCE_NAMES), 8);

        assertEquals(32033, data.corpus().size());
        assertEquals(27, data.vocabulary().size());
        assertEquals(List.of("yuheng", "diondre", "xavien"), data.train().items().subList(0, 3));
        assertEquals(25626, data.train().items().size());
        assertEquals("amay", data.val().items().get(0));
        assertEquals("mustafa", data.test().items().get(0));
        // the reference's Xtr, Xva, Xte row counts
        assertEquals(182625, data.train().rows().size());
        assertEquals(22655, data.val().rows().size());
        assertEquals(22866, data.test().rows().size());
    }

    @Test
    void readsTheProjectsOwnCorpus() {
        TestCorpora.assumePresent(TestCorpora.PROJECT_NAMES, "readsTheProjectsOwnCorpus", "the project's corpus is read from the project root");
        PreparedData data = PreparedData.load(lines(TestCorpora.PROJECT_NAMES), 8);
        // datasets/README.md: 32,257 names, a-z, this SHA-256
        assertEquals(32257, data.corpus().size());
        assertEquals("bd02dfd33179e23ec2dd093cbd4de619834f75d660ef1ae04d3127e7a0110053", data.corpus().sha256());
        assertEquals("abcdefghijklmnopqrstuvwxyz", data.vocabulary().characters());
        assertEquals("muhammadibrahim", data.corpus().longestItem()); // the first of the 15-letter names
        // computed with the reference's split code in Python
        assertEquals(List.of("anaiza", "julyen", "lyberty"), data.train().items().subList(0, 3));
        assertEquals(183802, data.train().rows().size());
        assertEquals(22949, data.val().rows().size());
        assertEquals(23053, data.test().rows().size());
    }

    @Test
    void namesSplitsAndLabelsNovelty() {
        Path file = write(dir, "ten.txt", "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
        PreparedData data = PreparedData.load(lines(file), 3);
        // shuffled by random.seed(42): train 7 3 2 8 5 6 9 4, val 0, test 1
        assertSame(data.val(), data.split("val"));
        assertEquals("in train", data.novelty("7"));
        assertEquals("in val", data.novelty("0"));
        assertEquals("in test", data.novelty("1"));
        assertEquals("new", data.novelty("10"));
        assertEquals(3, data.blockSize());
        BadInputException e = assertThrows(BadInputException.class, () -> data.split("dev"));
        assertEquals("unknown split 'dev', expected one of train, val, test", e.getMessage());
    }

    @Test
    void aCheckpointVocabularyMustCoverTheCorpus() {
        Path file = write(dir, "accents.txt", "ana\nbob\ncid\ndan\neve\nfay\ngil\nhal\nivy\njosé\n");
        Corpus corpus = CorpusReader.read(lines(file));
        Vocabulary ascii = Vocabulary.of(List.of("abcdefghijklmnopqrstuvwxyz"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> PreparedData.of(corpus, ascii, lines(file), 8));
        assertEquals("corpus " + file + ": 'é' (U+00E9) in \"josé\" is not in the vocabulary of 26 characters: "
                + "abcdefghijklmnopqrstuvwxyz", e.getMessage());
    }
}
