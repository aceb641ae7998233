package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.makemore4j.data.TestCorpora.csv;
import static io.makemore4j.data.TestCorpora.lines;
import static io.makemore4j.data.TestCorpora.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CorpusReaderTest {

    @TempDir
    Path dir;

    @Test
    void trimsSkipsBlankLinesAcceptsCrlfAndKeepsDuplicates() {
        Path file = write(dir, "names.txt", "emma\r\n  olivia \r\n\r\n\t\nemma\nava");
        Corpus corpus = CorpusReader.read(lines(file));
        assertEquals(List.of("emma", "olivia", "emma", "ava"), corpus.items());
        assertEquals(4, corpus.size());
        assertEquals("olivia", corpus.longestItem());
    }

    @Test
    void countsCodePointsNotUtf16Chars() {
        // 𝔘 (U+1D518) and 😀 (U+1F600) are one character each but two Java chars
        Path file = write(dir, "u.txt", "𝔘😀\nabc\n");
        DataConfig config = withMaxLength(lines(file), 2);
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusReader.read(config));
        assertEquals("corpus " + file + " line 2: item is 3 characters long, more than data.max_length 2", e.getMessage());

        Corpus corpus = CorpusReader.read(withMaxLength(lines(file), 3));
        assertEquals(List.of("𝔘😀", "abc"), corpus.items());
        assertEquals("abc", corpus.longestItem());
        assertEquals(3, corpus.maxItemLength());
        assertEquals(List.of(".", "a", "b", "c", "𝔘", "😀"), corpus.vocabulary().toList());
    }

    @Test
    void lowercasesWithTheRootLocaleWhenAsked() {
        Path file = write(dir, "upper.txt", "EMMA\nÎLE\n");
        DataConfig config = lines(file);
        DataConfig lower = new DataConfig(config.path(), config.format(), config.column(), config.header(), true,
                config.maxLength(), config.split(), config.seed());
        assertEquals(List.of("EMMA", "ÎLE"), CorpusReader.read(config).items());
        assertEquals(List.of("emma", "île"), CorpusReader.read(lower).items());
    }

    @Test
    void ignoresAByteOrderMarkAndHashesTheFileBytes() {
        Path file = write(dir, "bom.txt", "\uFEFFanna\nbob\n");
        Corpus corpus = CorpusReader.read(lines(file));
        assertEquals(List.of("anna", "bob"), corpus.items());
        // bash: printf '\xef\xbb\xbfanna\nbob\n' | sha256sum
        assertEquals("fe08892abb2d321a083299bf18870356fdba07379b78fa15f8dd84cf93cd95a6", corpus.sha256());
    }

    @Test
    void itemsMayContainTheBoundaryDisplayCharacter() {
        Path file = write(dir, "dots.txt", "a.b\n..\n");
        Corpus corpus = CorpusReader.read(lines(file));
        assertEquals(List.of("a.b", ".."), corpus.items());
        Vocabulary vocabulary = corpus.vocabulary();
        assertEquals(4, vocabulary.size()); // boundary, '.', 'a', 'b'
        assertEquals(1, vocabulary.encode('.'));
    }

    @Test
    void readsAHeaderlessCsvColumnByIndex() {
        Path file = write(dir, "yob2018.txt", "Emma,F,18688\nOlivia,F,17921\nLiam,M,19837\n");
        assertEquals(List.of("Emma", "Olivia", "Liam"), CorpusReader.read(csv(file, "0", false)).items());
        assertEquals(List.of("F", "F", "M"), CorpusReader.read(csv(file, "1", false)).items());
    }

    @Test
    void readsACsvColumnByHeaderNameWithQuotesAndCrlf() {
        Path file = write(dir, "names.csv", "sex,name\r\nF,\"Mary, Ann\"\r\nM, John \r\nF,\r\n");
        assertEquals(List.of("Mary, Ann", "John"), CorpusReader.read(csv(file, "name", true)).items());
    }

    @Test
    void namesTheLineOfACsvRecordAfterAQuotedLineBreak() {
        Path file = write(dir, "multi.csv", "name\n\"two\nlines\"\nok\n\"x\u0000\"\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> CorpusReader.read(csv(file, "name", true)));
        // the first record spans lines 2-3 (and is rejected for its line feed); check the NUL on line 5
        assertEquals("corpus " + file + " line 2: contains control character U+000A", e.getMessage());
        Path nul = write(dir, "nul.csv", "name\nok\n\"two, words\"\n\"x\u0000\"\n");
        BadInputException e2 = assertThrows(BadInputException.class,
                () -> CorpusReader.read(csv(nul, "name", true)));
        assertEquals("corpus " + nul + " line 4: contains control character U+0000", e2.getMessage());
    }

    @Test
    void rejectsAnUnknownCsvColumn() {
        Path file = write(dir, "names.csv", "Name,sex,count\nEmma,F,1\n");
        BadInputException byName = assertThrows(BadInputException.class,
                () -> CorpusReader.read(csv(file, "name", true)));
        assertEquals("data.column 'name' is not a column of corpus " + file + "; its header has: Name, sex, count",
                byName.getMessage());
        BadInputException notIndex = assertThrows(BadInputException.class,
                () -> CorpusReader.read(csv(file, "Name", false)));
        assertEquals("data.column 'Name' must be a 0-based column index when data.header is false",
                notIndex.getMessage());
        BadInputException tooFar = assertThrows(BadInputException.class,
                () -> CorpusReader.read(csv(file, "3", false)));
        assertEquals("corpus " + file + " line 1: has no column 3 (data.column); the record has 3", tooFar.getMessage());
    }

    @Test
    void rejectsMalformedCsv() {
        Path file = write(dir, "bad.csv", "name\n\"unclosed\n");
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusReader.read(csv(file, "name", true)));
        assertStartsWith("corpus " + file + ": not valid CSV (", e.getMessage());
        assertOneLine(e);
    }

    @Test
    void rejectsAMissingFile() {
        Path file = dir.resolve("absent.txt");
        assertBad("corpus " + file + ": file not found", lines(file));
    }

    @Test
    void rejectsADirectory() {
        assertBad("corpus " + dir + ": is a directory, not a file", lines(dir));
    }

    @Test
    void rejectsAnEmptyFile() {
        assertBad("corpus " + dir.resolve("empty.txt") + ": the file is empty", lines(write(dir, "empty.txt", "")));
    }

    @Test
    void rejectsAFileOfBlankLines() {
        Path file = write(dir, "blank.txt", "\n  \r\n\t\n");
        assertBad("corpus " + file + ": no items, only blank lines", lines(file));
    }

    @Test
    void rejectsBytesThatAreNotUtf8WithTheirLine() {
        byte[] latin1 = {'a', 'n', 'n', 'a', '\n', 'b', 'o', 'b', '\n', 'j', 'o', 's', (byte) 0xE9, '\n'};
        Path file = write(dir, "latin1.txt", latin1);
        assertBad("corpus " + file + " line 3: not valid UTF-8 (byte 0xE9)", lines(file));
    }

    @Test
    void rejectsATooLongItemWithItsLine() {
        Path file = write(dir, "long.txt", "ab\nabc\nabcdefghij\n");
        assertBad("corpus " + file + " line 3: item is 10 characters long, more than data.max_length 5",
                withMaxLength(lines(file), 5));
    }

    @Test
    void aModelsLengthLimitNamesTheItemsLineAcrossBlankLines() {
        Path file = write(dir, "names.txt", "ab\n\n\nabc\n  \nabcdefghij\nabcd\n");
        Corpus corpus = CorpusReader.read(lines(file));
        corpus.requireMaxLength(10, "model.block_size 11 allows 10");
        BadInputException e = assertThrows(BadInputException.class, () -> corpus.requireMaxLength(3, "model.block_size 4 allows 3"));
        assertEquals("corpus " + file + " line 6: item is 10 characters long, more than model.block_size 4 allows 3", e.getMessage());
    }

    @Test
    void rejectsNulAndOtherControlCharactersWithTheirLine() {
        Path nul = write(dir, "nul.txt", "emma\nol\u0000ivia\n");
        assertBad("corpus " + nul + " line 2: contains control character U+0000", lines(nul));
        Path bell = write(dir, "bell.txt", "emma\n\nava\u0007\n");
        assertBad("corpus " + bell + " line 3: contains control character U+0007", lines(bell));
        Path c1 = write(dir, "c1.txt", "a\u0085b\n");
        assertBad("corpus " + c1 + " line 1: contains control character U+0085", lines(c1));
    }

    @Test
    void streamsAFileOfManyChunksWithCharactersAcrossChunkBoundaries() {
        // about 5 chunks of 64 KiB; every item has a two-byte and a four-byte character, so many fall
        // across the boundaries of the chunks that are decoded one at a time
        StringBuilder text = new StringBuilder("\uFEFF");
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            String item = "é" + i + "𝔘";
            expected.add(item);
            text.append(item).append(i % 7 == 0 ? "\r\n" : "\n");
        }
        Path file = write(dir, "many.txt", text.toString());
        Corpus corpus = CorpusReader.read(lines(file));
        assertEquals(30_000, corpus.size());
        assertEquals(expected, corpus.items());
        assertEquals(expected.stream().mapToLong(item -> item.codePointCount(0, item.length())).sum(), corpus.characters());
        assertEquals("é10000𝔘", corpus.longestItem());
        assertEquals("0123456789é𝔘", corpus.vocabulary().characters());
    }

    @Test
    void namesTheLineOfABadByteFarIntoTheFile() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            text.append("name").append(i).append('\n');
        }
        byte[] good = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(good, good.length + 3);
        bytes[good.length] = 'x';
        bytes[good.length + 1] = (byte) 0xFF;   // never valid in UTF-8, on line 40,001
        bytes[good.length + 2] = '\n';
        Path file = write(dir, "far.txt", bytes);
        assertBad("corpus " + file + " line 40001: not valid UTF-8 (byte 0xFF)", lines(file));
        Path csv = write(dir, "far.csv", ("name\n" + text + "\"two\nlines\u0007\"\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusReader.read(csv(csv, "name", true)));
        assertEquals("corpus " + csv + " line 40002: contains control character U+000A", e.getMessage());
    }

    private static void assertBad(String expected, DataConfig config) {
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusReader.read(config));
        assertEquals(expected, e.getMessage());
    }

    private static void assertStartsWith(String prefix, String actual) {
        if (!actual.startsWith(prefix)) {
            assertEquals(prefix, actual);
        }
    }

    private static void assertOneLine(Exception e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static DataConfig withMaxLength(DataConfig c, int maxLength) {
        return new DataConfig(c.path(), c.format(), c.column(), c.header(), c.lowercase(), maxLength, c.split(), c.seed());
    }
}
