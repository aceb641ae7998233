package io.makemore4j.checkpoint;

import io.makemore4j.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock of a run's one writer: refused a second time (naming the process) inside one JVM, held at
 * the level of the operating system all along (a child JVM sees it), free again once released; and
 * the creation of a run, which two writers race for, won by exactly one.
 */
class RunLockTest {

    @TempDir
    Path root;

    @Test
    void aSecondLockInThisJvmIsRefusedNamingThisProcessAndTheFirstStaysHeld() throws Exception {
        Files.createDirectories(root.resolve("r"));
        RunDirectory run = RunDirectory.of(root, "r");
        long pid = ProcessHandle.current().pid();
        try (RunLock first = run.lock()) {
            // (the test reads run.lock only once released: opening it here would release the POSIX lock)
            BadInputException e = assertThrows(BadInputException.class, run::lock);
            assertEquals("run r is in use by process " + pid + " (this process), which holds " + run.lockFile()
                    + "; wait for it to finish, or stop it first", e.getMessage());
            // refusing did not open and close the file, which would have released the POSIX lock of the first
            assertEquals("held", probe(run.lockFile()));
        }
        assertEquals("free", probe(run.lockFile()));
        assertEquals(pid + "\n", Files.readString(run.lockFile(), StandardCharsets.US_ASCII), "the holder's process id");
        try (RunLock again = run.lock()) {
            assertEquals("r", again.run());
        }
    }

    @Test
    void twoCreatorsOfOneRunAtOnceOneWinsTheOtherIsToldSo() throws Exception {
        int rounds = 10;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                RunDirectory run = RunDirectory.of(root, "race" + round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> outcomes = new ArrayList<>();
                for (int writer = 0; writer < 2; writer++) {
                    String content = "writer " + writer;
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        try (RunLock lock = run.create(staged -> AtomicFiles.writeString(staged.config(), content))) {
                            return "won";
                        } catch (BadInputException e) {
                            return e.getMessage();
                        }
                    }));
                }
                go.countDown();
                List<String> results = new ArrayList<>();
                for (Future<String> outcome : outcomes) {
                    results.add(outcome.get());
                }
                assertEquals(1, results.stream().filter("won"::equals).count(), results.toString());
                String lost = results.stream().filter(r -> !r.equals("won")).findFirst().orElseThrow();
                assertEquals("run directory " + run.path() + " was created meanwhile by another process; pick another --run name", lost);
                assertTrue(Files.readString(run.config()).startsWith("writer "));
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(), "no staging directory is left");
        }
    }

    @Test
    void stagingLeftByAKilledCreatorIsRemovedButNotOneInUse() throws Exception {
        RunDirectory run = RunDirectory.of(root, "r");
        Path abandoned = Files.createDirectories(root.resolve(".r.creating-999999999-1"));
        Files.writeString(abandoned.resolve(RunLock.FILE), "999999999\n");   // its process died: the lock is free
        Path oldStyle = Files.createDirectories(root.resolve(".r.creating"));      // as versions before the lock left it
        Path inUse = Files.createDirectories(root.resolve(".r.creating-1-2"));
        try (RunLock creating = RunLock.acquire(inUse.resolve(RunLock.FILE), "r");
             RunLock created = run.create(staged -> AtomicFiles.writeString(staged.config(), "whole"))) {
            assertFalse(Files.exists(abandoned));
            assertFalse(Files.exists(oldStyle));
            assertTrue(Files.isDirectory(inUse), "a staging directory whose lock is held is some process's creation");
            assertEquals("held", probe(run.lockFile()), "the new run is locked from its creation on");
        }
        assertEquals("whole", Files.readString(run.config()));
    }

    /** What another process sees of a lock file: "held" or "free". */
    private static String probe(Path lockFile) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LockProbe.class.getName(), lockFile.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
