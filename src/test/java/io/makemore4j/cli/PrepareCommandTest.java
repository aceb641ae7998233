package io.makemore4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrepareCommandTest {

    @TempDir
    Path tmp;

    @Test
    void preparesOnceAndFindsItAgain() {
        Path corpus = TestRuns.smallCorpus(tmp);
        Path cache = tmp.resolve("cache");
        String[] args = {"prepare", "--config", "config/tiny.yaml", "--set", "data.path=" + corpus, "--cache", cache.toString()};
        CliRunner first = CliRunner.run(args);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("vocabulary 27"), first.out());
        assertTrue(first.out().contains(", prepared in "), first.out());
        try (var entries = Files.list(cache)) {
            Path entry = entries.findFirst().orElseThrow();
            assertTrue(first.out().contains("prepared form: " + entry + " ("), first.out());
            assertTrue(first.out().contains("remove it with: rm -r " + entry), first.out());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRunner second = CliRunner.run(args);
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("(memory-mapped)") && !second.out().contains("prepared in"), second.out());
    }
}
