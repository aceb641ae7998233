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

import static io.makemore4j.data.TestCorpora.lines;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreparedCorpusTest {

    @TempDir
    Path dir;

    /** 3,000 items over 300 characters (codes of two bytes), lengths 1 to 12. */
    private Path corpus() throws IOException {
        Random random = new Random(8);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            for (int j = 0, n = 1 + random.nextInt(12); j < n; j++) {
                text.appendCodePoint(0x4E00 + random.nextInt(300));
            }
            text.append('\n');
        }
        return Files.writeString(dir.resolve("items.txt"), text);
    }

    @Test
    void roundTripsTheDataOfTheCorpus() throws IOException {
        DataConfig config = lines(corpus());
        Path cache = dir.resolve("cache");
        PreparedData memory = new DataLoader(null, null).load(config, 5);
        PreparedData prepared = new DataLoader(null, cache).prepare(config, 5);
        Path entry = PreparedCorpus.directory(cache, memory.corpus().sha256(), config);
        assertTrue(Files.isRegularFile(entry.resolve("codes.bin")), "prepared into " + entry);
        assertFalse(Files.exists(entry.resolve(ItemSplit.ORDER)), "the permutation is not kept");
        assertFalse(Files.exists(entry.resolve(CorpusEncoder.DESTINATION)), "nor the destinations");
        assertEquals(2L * memory.corpus().characters(), Files.size(entry.resolve("codes.bin")));

        PreparedData again = new DataLoader(null, cache).load(config, 5);   // found by the SHA-256: memory-mapped
        assertTrue(again.corpus().source().contains(" characters, prepared form " + entry), again.corpus().source());
        for (PreparedData data : List.of(prepared, again)) {
            assertEquals(memory.vocabulary(), data.vocabulary());
            assertEquals(memory.corpus().sha256(), data.corpus().sha256());
            assertEquals(memory.corpus().size(), data.corpus().size());
            assertEquals(memory.corpus().longestItem(), data.corpus().longestItem());
            for (String split : PreparedData.SPLIT_NAMES) {
                assertEquals(memory.split(split).items(), data.split(split).items(), split);
                ContextRows expected = memory.split(split).rows();
                ContextRows actual = data.split(split).rows();
                assertEquals(expected.size(), actual.size());
                for (long r = 0; r < expected.size(); r += 7) {
                    assertArrayEquals(expected.context(r), actual.context(r), split + " row " + r);
                    assertEquals(expected.target(r), actual.target(r));
                }
            }
        }
    }

    @Test
    void otherDataSettingsArePreparedApart() throws IOException {
        DataConfig config = lines(corpus());
        DataConfig reseeded = new DataConfig(config.path(), config.format(), config.column(), config.header(), config.lowercase(),
                config.maxLength(), config.split(), 7);
        String sha256 = CorpusText.sha256(Path.of(config.path()), "corpus");
        assertFalse(PreparedCorpus.directory(dir, sha256, config).equals(PreparedCorpus.directory(dir, sha256, reseeded)));
        PreparedData seven = new DataLoader(null, dir.resolve("cache")).prepare(reseeded, 3);
        assertEquals(PreparedData.load(reseeded, 3).train().items(), seven.train().items());
        assertTrue(PreparedCorpus.open(dir.resolve("cache"), CorpusDigest.of(config), config, 3).isEmpty(), "seed 42 is not prepared");
    }

    @Test
    void refusesAPreparedFormThatDoesNotMatchItsCorpus() throws IOException {
        DataConfig config = lines(corpus());
        Path cache = dir.resolve("cache");
        PreparedData prepared = new DataLoader(null, cache).prepare(config, 3);
        Path entry = PreparedCorpus.directory(cache, prepared.corpus().sha256(), config);
        Path meta = entry.resolve("meta.json");
        String original = Files.readString(meta);

        Files.writeString(meta, original.replace(prepared.corpus().sha256(), "0".repeat(64)));
        BadInputException other = assertThrows(BadInputException.class, () -> new DataLoader(null, cache).load(config, 3));
        assertTrue(other.getMessage().startsWith("prepared corpus " + entry + " was made from another corpus (SHA-256 0000"),
                other.getMessage());
        assertTrue(other.getMessage().endsWith("; remove it (rm -r " + entry + ") and run again to prepare it anew"));

        Files.writeString(meta, original);
        byte[] codes = Files.readAllBytes(entry.resolve("codes.bin"));
        Files.write(entry.resolve("codes.bin"), java.util.Arrays.copyOf(codes, codes.length - 2));
        BadInputException damaged = assertThrows(BadInputException.class, () -> new DataLoader(null, cache).load(config, 3));
        assertTrue(damaged.getMessage().contains(" is damaged (codes.bin must hold " + codes.length + " bytes"), damaged.getMessage());

        Files.writeString(meta, "{ not json");
        BadInputException unreadable = assertThrows(BadInputException.class, () -> new DataLoader(null, cache).load(config, 3));
        assertTrue(unreadable.getMessage().startsWith("prepared corpus " + entry + " has no readable meta.json"), unreadable.getMessage());
    }

    @Test
    void theCacheDirectoryComesFromTheEnvironment() {
        assertEquals(Path.of("/c/mine"), DataLoader.cacheDirectory(java.util.Map.of("MAKEMORE4J_CACHE", "/c/mine", "XDG_CACHE_HOME", "/x")));
        assertEquals(Path.of("/x/makemore4j"), DataLoader.cacheDirectory(java.util.Map.of("XDG_CACHE_HOME", "/x")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "makemore4j"), DataLoader.cacheDirectory(java.util.Map.of()));
    }
}
