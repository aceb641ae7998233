package io.makemore4j.checkpoint;

import io.makemore4j.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks made before training starts, and the all-or-nothing creation of a run directory. */
class RunDirectoryTest {

    @TempDir
    Path root;

    private long entries() throws Exception {
        try (Stream<Path> list = Files.list(root)) {
            return list.count();
        }
    }

    @Test
    void tooLittleFreeDiskIsReportedBeforeAnythingIsCreated() throws Exception {
        RunDirectory run = RunDirectory.of(root.resolve("runs"), "r");
        BadInputException e = assertThrows(BadInputException.class, () -> run.checkCanCreate(Long.MAX_VALUE / (1 << 20)));
        assertTrue(e.getMessage().contains("MiB free on the disk of") && e.getMessage().contains("checkpoint.min_free_mb asks for"),
                e.getMessage());
        assertEquals(0, entries());
        run.checkCanCreate(0);
    }

    @Test
    void aRootThatIsAFileIsReported() throws Exception {
        Path file = Files.writeString(root.resolve("checkpoints"), "x");
        BadInputException e = assertThrows(BadInputException.class, () -> RunDirectory.of(file, "r").checkCanCreate(0));
        assertEquals("cannot create run directory " + file.resolve("r") + ": " + file + " is not a directory", e.getMessage());
    }

    @Test
    void creationIsAllOrNothing() throws Exception {
        RunDirectory run = RunDirectory.of(root, "r");
        assertThrows(UncheckedIOException.class, () -> run.create(staged -> {
            AtomicFiles.writeString(staged.config(), "half");
            throw new UncheckedIOException(new java.io.IOException("disk full"));
        }));
        assertEquals(0, entries(), "neither the run nor its staging directory is left");

        Files.createDirectories(root.resolve(".r.creating"));   // as a process killed while creating it leaves it
        Files.writeString(root.resolve(".r.creating/config.yaml"), "half");
        try (RunLock lock = run.create(staged -> {
            assertEquals("r", staged.name());
            AtomicFiles.writeString(staged.config(), "whole");
        })) {
            assertEquals("r", lock.run());
        }
        assertEquals("whole", Files.readString(root.resolve("r/config.yaml")));
        assertFalse(Files.exists(root.resolve(".r.creating")));
        assertEquals(1, entries());
    }
}
