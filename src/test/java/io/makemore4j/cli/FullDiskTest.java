package io.makemore4j.cli;

import io.makemore4j.TestSkips;
import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.train.TestFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A disk that fills up, for real: runs live on a 16 MiB tmpfs, filled to the last byte during a
 * checkpoint write and before a run is created. Each failure is one line naming the file and the
 * full disk, exit code 4, and leaves the run as a SIGKILL would: once space is freed, {@code --resume}
 * (or the same {@code train} again) ends with the losses of an uninterrupted run.
 *
 * <p>Mounting needs root (CI runs as root). Elsewhere the test is skipped with the reason printed;
 * in CI ({@code CI=true}, as {@code .ci/run} sets it) a mount that fails fails the test instead.
 */
class FullDiskTest {

    static final String[] SETTINGS = CrashSafetyTest.SETTINGS;

    @TempDir
    static Path tmp;
    static Path disk;
    static Path corpus;

    @BeforeAll
    static void mountASmallDiskAndTrainTheReference() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        String problem = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString());
        if (problem != null) {
            disk = null;
            TestSkips.skipOrFailInCi("FullDiskTest skipped: cannot mount a tmpfs (" + problem + "); it needs root");
        }
        corpus = TestRuns.smallCorpus(tmp);
        CliRunner reference = TestRuns.run(TestRuns.train(tmp, "reference", corpus, SETTINGS));
        assertEquals(0, reference.exitCode(), reference.err());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (disk != null) {
            run("umount", disk.toString());
        }
    }

    @Test
    void aDiskFullDuringACheckpointEndsInOneLineAndTheRunResumesOnceSpaceIsFreed() throws Exception {
        Path filler = disk.resolve("filler");
        CliRunner full = CliRunner.run(TestFaults.fillDiskInCheckpointWrite("step-00000060.zip written", filler),
                TestRuns.train(disk, "filled", corpus, TestRuns.concat(List.of(SETTINGS), "checkpoint.min_free_mb=0")
                        .toArray(String[]::new)).toArray(String[]::new));
        Path run = disk.resolve("filled");
        assertEquals(ExitCodes.ENVIRONMENT, full.exitCode(), full.err());
        assertOneLine(full.err(), "error: cannot write " + run.resolve("step-00000060.json") + ": the disk is full");
        assertTrue(full.err().strip().endsWith("continue with: train --run filled --resume"), full.err());
        // as after a SIGKILL: the checkpoint whose manifest could not be written does not count
        CheckpointStore.Loaded last = new CheckpointStore(run, 2).latest().orElseThrow();
        assertEquals(50, last.manifest().step());
        assertFalse(Files.exists(run.resolve("metrics.json")));

        Files.delete(filler);
        CliRunner resumed = TestRuns.run(TestRuns.resume(disk, "filled"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertSameAsTheReference(run);
    }

    @Test
    void aFullDiskAtCreationLeavesNoRunAndTheSameTrainThenSucceeds() throws Exception {
        Path filler = disk.resolve("filler-at-creation");
        TestFaults.fillDisk(filler);
        List<String> args = TestRuns.train(disk, "created", corpus, TestRuns.concat(List.of(SETTINGS), "checkpoint.min_free_mb=0")
                .toArray(String[]::new));
        CliRunner full = TestRuns.run(args);
        assertEquals(ExitCodes.ENVIRONMENT, full.exitCode(), full.err());
        assertOneLine(full.err(), "error: cannot create run directory " + disk.resolve("created") + ": cannot write "
                + disk.resolve("created") + "/");
        assertTrue(full.err().contains(": the disk is full (no space left on device, 0 MiB free)") && !full.err().contains(".creating"),
                full.err());
        try (Stream<Path> left = Files.list(disk)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains("created")).toList(),
                    "neither the run nor its staging directory is left");
        }
        Files.delete(filler);
        CliRunner again = TestRuns.run(args);
        assertEquals(0, again.exitCode(), again.err());
        assertSameAsTheReference(disk.resolve("created"));
    }

    private static void assertOneLine(String err, String start) {
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith(start), "expected '" + start + "...', got: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    private static void assertSameAsTheReference(Path run) {
        for (String file : List.of("metrics.json", "loss.csv", "samples.txt")) {
            assertEquals(TestRuns.runFile(tmp.resolve("reference"), file), TestRuns.runFile(run, file), file);
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? null : String.join(" ", command) + ": " + out;
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        }
    }
}
