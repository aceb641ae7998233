package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.makemore4j.data.TestCorpora.lines;
import static io.makemore4j.data.TestCorpora.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CorpusEncoderTest {

    @TempDir
    Path dir;

    @Test
    void encodesTheItemsInShuffledOrder() {
        Path file = write(dir, "ten.txt", "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");
        PreparedData data = PreparedData.load(lines(file), 3);
        // random.seed(42) shuffles range(10) to 7 3 2 8 5 6 9 4 | 0 | 1
        assertEquals(List.of("seven", "three", "two", "eight", "five", "six", "nine", "four"), data.train().items());
        assertEquals(List.of("zero"), data.val().items());
        assertEquals(List.of("one"), data.test().items());
        assertEquals(List.of("in train", "in test", "new", "new"), data.novelty(List.of("two", "one", "twelve", "Two")));
    }

    @Test
    void refusesACorpusThatChangedBetweenItsReadAndItsEncoding() {
        Path file = write(dir, "names.txt", "anna\nbob\ncid\ndan\neve\nfay\ngil\nhal\nivy\njon\n");
        Corpus corpus = CorpusReader.read(lines(file));
        write(dir, "names.txt", "anna\nbob\ncid\ndan\neve\nfay\ngil\nhal\nivy\njoe\n");   // same lengths, one letter changed
        BadInputException e = assertThrows(BadInputException.class,
                () -> PreparedData.of(corpus, corpus.vocabulary(), lines(file), 3));
        assertEquals("corpus " + file + ": the file changed while it was being read; run the command again",
                e.getMessage());
    }
}
