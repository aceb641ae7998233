package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.makemore4j.data.TestCorpora.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Split files ({@code data.train_path}, {@code data.val_path}, {@code data.test_path}): taken as they are. */
class SplitFilesTest {

    @TempDir
    Path dir;

    private DataConfig splitFiles(Path train, Path val, Path test) {
        return new DataConfig("unused.txt", DataConfig.Format.LINES, "0", false, false, 64, List.of(0.8, 0.1, 0.1), 42,
                train.toString(), val == null ? "" : val.toString(), test.toString());
    }

    @Test
    void eachSplitIsItsFileInOrderAndTheVocabularyTheirUnion() {
        Path train = write(dir, "train.txt", "emma\nolivia\n\nava\nmia\nemma\n");
        Path val = write(dir, "val.txt", "zoe\n");
        Path test = write(dir, "test.txt", "quinn\nleo\n");
        PreparedData data = PreparedData.load(splitFiles(train, val, test), 3);
        assertEquals(List.of("emma", "olivia", "ava", "mia", "emma"), data.train().items(), "not shuffled, duplicates kept");
        assertEquals(List.of("zoe"), data.val().items());
        assertEquals(List.of("quinn", "leo"), data.test().items());
        assertEquals(".aeilmnoquvz", String.join("", data.vocabulary().toList()), "q and u are only in the test file");
        assertEquals(8, data.corpus().size());
        assertEquals("in test", data.novelty("quinn"));
    }

    @Test
    void withoutAValFileTheValSplitIsEmpty() {
        Path train = write(dir, "train.txt", "emma\nolivia\n");
        Path test = write(dir, "test.txt", "leo\n");
        PreparedData data = PreparedData.load(splitFiles(train, null, test), 3);
        assertEquals(0, data.val().encoded().size());
        assertEquals(0, data.val().rows().size());
        assertEquals(List.of("leo"), data.test().items());
    }

    @Test
    void theCorpusSha256CoversEveryFileAndWhichSplitsHaveOne() throws IOException {
        Path train = write(dir, "train.txt", "emma\nolivia\n");
        Path val = write(dir, "val.txt", "zoe\n");
        Path test = write(dir, "test.txt", "leo\n");
        CorpusDigest three = CorpusDigest.of(splitFiles(train, val, test));
        assertEquals(CorpusText.sha256(val, "val"), three.files().get(1));
        assertEquals(CorpusDigest.of(TestCorpora.lines(train)).sha256(), CorpusText.sha256(train, "train"), "one file: its own");
        String before = three.sha256();
        assertNotEquals(before, CorpusDigest.of(splitFiles(train, null, test)).sha256(), "val left out: another corpus");
        assertNotEquals(before, CorpusDigest.of(splitFiles(val, train, test)).sha256(), "files swapped: another corpus");
        Files.writeString(test, "leon\n");
        assertNotEquals(before, CorpusDigest.of(splitFiles(train, val, test)).sha256());
    }

    @Test
    void thePreparedFormOfSplitFilesHoldsTheirSplits() throws IOException {
        Path train = write(dir, "train.txt", "emma\nolivia\nava\n");
        Path val = write(dir, "val.txt", "zoe\n");
        Path test = write(dir, "test.txt", "leo\nmax\n");
        DataConfig config = splitFiles(train, val, test);
        Path cache = dir.resolve("cache");
        PreparedData prepared = new DataLoader(null, cache).prepare(config, 3);
        PreparedData again = new DataLoader(null, cache).load(config, 3);
        assertTrue(again.corpus().source().contains("prepared form"), again.corpus().source());
        PreparedData memory = PreparedData.load(config, 3);
        for (PreparedData data : List.of(prepared, again)) {
            for (String split : PreparedData.SPLIT_NAMES) {
                assertEquals(memory.split(split).items(), data.split(split).items(), split);
            }
            assertEquals(memory.corpus().digest(), data.corpus().digest());
        }
        Files.writeString(val, "zara\n");   // another val file: another corpus, prepared apart
        PreparedData changed = new DataLoader(null, cache).load(config, 3);
        assertEquals(List.of("zara"), changed.val().items());
    }

    @Test
    void aProblemNamesTheKeyAndTheFile() {
        Path train = write(dir, "train.txt", "emma\n");
        Path test = write(dir, "test.txt", "ok\nbad\u0007\n");
        BadInputException e = assertThrows(BadInputException.class, () -> PreparedData.load(splitFiles(train, null, test), 3));
        assertEquals("data.test_path " + test + " line 2: contains control character U+0007", e.getMessage());
    }
}
