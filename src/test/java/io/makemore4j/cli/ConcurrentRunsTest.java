package io.makemore4j.cli;

import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.train.TestFaults;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two processes on one run: a second writer is refused naming the first, which ends exactly as a
 * lone run; a SIGKILLed writer's lock goes with it, so its run resumes at once; two processes
 * creating one run: one wins; {@code evaluate} reads a run while it trains and rotates its
 * checkpoints. The writers are child JVMs ({@code config/tiny.yaml} on a small corpus).
 */
class ConcurrentRunsTest {

    static final String[] SETTINGS = CrashSafetyTest.SETTINGS;
    static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Pattern PROGRESS = Pattern.compile("step +(\\d+)/\\d+ ");

    @TempDir
    static Path root;
    static Path corpus;

    @BeforeAll
    static void trainALoneRun() {
        corpus = TestRuns.smallCorpus(root);
        CliRunner lone = TestRuns.run(TestRuns.train(root, "lone", corpus, SETTINGS));
        assertEquals(0, lone.exitCode(), lone.err());
    }

    @Test
    void aSecondWriterIsRefusedNamingTheFirstWhichEndsAsALoneRun() throws Exception {
        Map<String, String> slow = Map.of(TestFaults.PAUSE_PROPERTY, "100");   // 20 checkpoints: a few seconds of training
        try (ChildJvm first = ChildJvm.start(TestRuns.train(root, "shared", corpus, SETTINGS), slow)) {
            assertTrue(first.awaitLine(0, line -> progress(line) >= 20, PATIENCE).isPresent(), first.tail());
            String inUse = "error: run shared is in use by process " + first.pid() + ", which holds "
                    + root.resolve("shared").resolve("run.lock");
            CliRunner here = TestRuns.run(TestRuns.resume(root, "shared", "train.steps=300"));   // this JVM, a second writer
            assertEquals(ExitCodes.BAD_INPUT, here.exitCode(), here.err());
            assertTrue(here.err().startsWith(inUse) && here.err().lines().count() == 1, here.err());
            try (ChildJvm second = ChildJvm.start(TestRuns.resume(root, "shared"), Map.of())) {   // another process
                assertEquals(ExitCodes.BAD_INPUT, second.waitFor(PATIENCE), second.tail());
                assertEquals(1, second.stderr().size(), second.tail());
                assertTrue(second.stderr().get(0).startsWith(inUse), second.tail());
            }
            CliRunner anew = TestRuns.run(TestRuns.train(root, "shared", corpus, SETTINGS));
            assertEquals(ExitCodes.BAD_INPUT, anew.exitCode(), anew.err());
            assertTrue(anew.err().contains("already exists"), anew.err());
            assertTrue(first.isAlive(), "the refusals did not disturb the first writer:\n" + first.tail());
            assertEquals(0, first.waitFor(PATIENCE), first.tail());
        }
        assertSameAsTheLoneRun(root.resolve("shared"));
        assertSameCheckpoints(root.resolve("lone"), root.resolve("shared"));
    }

    @Test
    void aKilledWriterLeavesNoLockBehindItsRunResumesAtOnce() throws Exception {
        try (ChildJvm writer = ChildJvm.start(TestRuns.train(root, "killed", corpus, SETTINGS), Map.of())) {
            assertTrue(writer.awaitLine(0, line -> progress(line) >= 50, PATIENCE).isPresent(), writer.tail());
            writer.kill();
        }
        CliRunner resumed = TestRuns.run(TestRuns.resume(root, "killed"));   // at once: no waiting for a stale lock
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertSameAsTheLoneRun(root.resolve("killed"));
    }

    @Test
    void twoProcessesCreatingOneRunOneWinsTheOtherIsToldSo() throws Exception {
        List<Integer> codes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (ChildJvm a = ChildJvm.start(TestRuns.train(root, "raced", corpus, SETTINGS), Map.of());
             ChildJvm b = ChildJvm.start(TestRuns.train(root, "raced", corpus, SETTINGS), Map.of())) {
            for (ChildJvm child : List.of(a, b)) {
                codes.add(child.waitFor(PATIENCE));
                errors.add(child.tail());
            }
        }
        assertEquals(Set.of(0, ExitCodes.BAD_INPUT), new HashSet<>(codes), errors.toString());
        String loser = errors.get(codes.indexOf(ExitCodes.BAD_INPUT));
        assertTrue(loser.matches("(?s)error: run directory \\S+raced (already exists|was created meanwhile by another process).*")
                && loser.lines().count() == 1, loser);
        assertSameAsTheLoneRun(root.resolve("raced"));
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".raced")).toList());
        }
    }

    @Test
    void evaluateReadsARunWhileItTrainsAndRotatesItsCheckpoints() throws Exception {
        // a checkpoint at every step, only the newest kept: the checkpoint a reader opens is deleted under it again and again
        List<String> args = TestRuns.train(root, "rotating", corpus, "train.steps=5000", "train.checkpoint_every=1",
                "checkpoint.keep_last=1", "train.eval_every=1000", "train.log_every=50", "train.samples=0");
        Path run = root.resolve("rotating");
        Set<String> read = new HashSet<>();
        int evaluations = 0;
        int loads = 0;
        try (ChildJvm writer = ChildJvm.start(args, Map.of())) {
            assertTrue(writer.awaitLine(0, line -> progress(line) >= 50, PATIENCE).isPresent(), writer.tail());
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (writer.isAlive() && System.nanoTime() < until) {   // the loads evaluate and sample make, back to back
                List<String> skipped = new ArrayList<>();
                var latest = new CheckpointStore(run, 1).latest(skipped::add);
                assertTrue(latest.isPresent() && skipped.isEmpty(), "load " + loads + ": " + skipped);
                read.add(latest.get().zip().getFileName().toString());
                loads++;
            }
            while (writer.isAlive() && evaluations < 3) {
                CliRunner evaluate = TestRuns.run(List.of("evaluate", "--checkpoints", root.toString(), "--run", "rotating"));
                assertEquals(0, evaluate.exitCode(), evaluate.err() + evaluate.out());
                assertTrue(evaluate.out().contains("checkpoint step-"), evaluate.out());
                evaluations++;
            }
            assertTrue(writer.isAlive(), "the run was still training throughout:\n" + writer.tail());
        }
        System.out.println("ConcurrentRunsTest: " + loads + " checkpoint loads of " + read.size()
                + " different checkpoints and " + evaluations + " evaluations while the run trained and rotated them");
        assertTrue(loads >= 20 && read.size() >= 10 && evaluations == 3,
                "loads " + loads + " of " + read.size() + " checkpoints, evaluations " + evaluations);
    }

    private static void assertSameAsTheLoneRun(Path run) {
        Path lone = root.resolve("lone");
        for (String file : List.of("metrics.json", "loss.csv", "samples.txt")) {
            assertEquals(TestRuns.runFile(lone, file), TestRuns.runFile(run, file), run.getFileName() + "/" + file);
        }
    }

    /** The same checkpoint files, each with the same weights and updater state. */
    private static void assertSameCheckpoints(Path lone, Path run) throws Exception {
        assertEquals(checkpointFiles(lone), checkpointFiles(run));
        for (String zip : checkpointFiles(lone)) {
            if (zip.endsWith(".zip")) {
                ComputationGraph a = CheckpointStore.load(lone.resolve(zip)).graph();
                ComputationGraph b = CheckpointStore.load(run.resolve(zip)).graph();
                assertEquals(a.params(), b.params(), zip);
                assertEquals(a.getUpdater().getStateViewArray(), b.getUpdater().getStateViewArray(), zip);
                assertEquals(a.getIterationCount(), b.getIterationCount(), zip);
            }
        }
    }

    private static List<String> checkpointFiles(Path run) throws Exception {
        try (Stream<Path> files = Files.list(run)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("(step|best)-\\d+\\.(zip|json)|best\\.json"))
                    .sorted().toList();
        }
    }

    private static int progress(String line) {
        Matcher m = PROGRESS.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
