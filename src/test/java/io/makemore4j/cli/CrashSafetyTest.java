package io.makemore4j.cli;

import io.makemore4j.checkpoint.CheckpointManifest;
import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.train.TestFaults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training process killed with SIGKILL at random moments, some of them inside a checkpoint write,
 * always leaves a run whose newest checkpoint loads, and {@code --resume} then ends with exactly the
 * losses of the same run done in one go. Ctrl-C (SIGINT) stops after writing a checkpoint, exit 130.
 * Both need a child JVM; the run is {@code config/tiny.yaml} for 200 steps on a small corpus.
 */
class CrashSafetyTest {

    static final String[] SETTINGS = {"train.steps=200", "train.checkpoint_every=10", "train.eval_every=20",
            "train.log_every=5", "train.samples=3"};
    static final int STEPS = 200;
    static final int KILLS = 12;
    static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Pattern PROGRESS = Pattern.compile("step +(\\d+)/\\d+ ");
    private static final String PAUSE = "test hook: pausing";

    @TempDir
    static Path root;
    static Path corpus;

    @BeforeAll
    static void trainTheReferenceInOneGo() {
        corpus = TestRuns.smallCorpus(root);
        CliRunner reference = TestRuns.run(TestRuns.train(root, "reference", corpus, SETTINGS));
        assertEquals(0, reference.exitCode(), reference.err());
    }

    @Test
    void killedAtRandomMomentsTheRunAlwaysResumesToTheSameLosses() throws Exception {
        Random random = new Random(6);
        Path run = root.resolve("killed");
        List<String> report = new ArrayList<>();
        int kills = 0;
        int inWrite = 0;
        for (int cycle = 0; kills < KILLS; cycle++) {
            assertTrue(cycle < KILLS + 3, "the run keeps finishing before it is killed:\n" + String.join("\n", report));
            int from = Files.isDirectory(run) ? newestStep(run) : -1;
            String mode = kills % 3 == 2 ? "in a checkpoint write" : kills == 0 || kills == 7 ? "at start-up" : "while training";
            List<String> args = Files.isDirectory(run) ? TestRuns.resume(root, "killed") : TestRuns.train(root, "killed", corpus, SETTINGS);
            Map<String, String> hook = mode.startsWith("in a") ? Map.of(TestFaults.PAUSE_PROPERTY, "700") : Map.of();
            String moment;
            try (ChildJvm child = ChildJvm.start(args, hook)) {
                int cap = STEPS - 20;   // never let it finish: kill it by then whatever the plan
                Optional<Integer> at;
                switch (mode) {
                    // at most a few steps in: training runs hundreds of steps a second, and a run
                    // that nears the cap leaves no checkpoint writes for the later kills
                    case "at start-up" -> at = child.awaitLine(0, line -> progress(line) >= Math.min(cap, Math.max(from, 0) + 5),
                            Duration.ofMillis(random.nextInt(4000)));
                    case "while training" -> {
                        int target = Math.min(cap, Math.max(from, 0) + 5 + random.nextInt(30));
                        at = child.awaitLine(0, line -> progress(line) >= target, PATIENCE);
                        Thread.sleep(random.nextInt(300));
                    }
                    default -> {
                        int pauses = 1 + random.nextInt(4);
                        int[] seen = {0};
                        int[] lastStep = {Math.max(from, 0)};
                        // wait for a pause inside a checkpoint write (the last one if the run nears its end first)
                        at = child.awaitLine(0, line -> line.contains(PAUSE) && (++seen[0] == pauses || lastStep[0] >= cap - 40)
                                || trackStep(line, lastStep), PATIENCE);
                        Thread.sleep(random.nextInt(400));
                    }
                }
                assertTrue(child.isAlive(), "the child ended before the kill:\n" + child.tail());
                List<String> err = child.stderr();
                moment = at.map(err::get).orElse(err.isEmpty() ? "(nothing printed yet)" : err.get(err.size() - 1))
                        .replaceFirst("^\\d\\d:\\d\\d:\\d\\d \\w+ +", "");
                if (moment.contains(PAUSE)) {
                    inWrite++;
                }
                child.kill();
                kills++;
            }
            String left = checkTheRunCanResume(run);
            report.add(String.format("kill %2d %-22s from step %3d, killed after '%s': %s", kills, mode, Math.max(from, 0), moment, left));
            System.out.println(report.get(report.size() - 1));
        }
        CliRunner finish = TestRuns.run(TestRuns.resume(root, "killed"));
        report.add("final --resume: exit " + finish.exitCode());
        System.out.println("CrashSafetyTest:\n  " + String.join("\n  ", report));
        assertEquals(0, finish.exitCode(), finish.err());
        assertTrue(inWrite >= 3, "kills inside a checkpoint write: " + inWrite + "\n" + String.join("\n", report));
        assertSameRunAsTheReference(run);
    }

    /** Remembers the training step a progress line reports; never ends the wait by itself. */
    private static boolean trackStep(String line, int[] lastStep) {
        int step = progress(line);
        if (step > lastStep[0]) {
            lastStep[0] = step;
        }
        return false;
    }

    @Test
    void ctrlCStopsAfterACheckpointWithExitCode130() throws Exception {
        Path run = root.resolve("interrupted");
        int stoppedAt;
        try (ChildJvm child = ChildJvm.start(TestRuns.train(root, "interrupted", corpus, SETTINGS), Map.of())) {
            assertTrue(child.awaitLine(0, line -> progress(line) >= 50, PATIENCE).isPresent(), child.tail());
            child.interrupt();
            assertEquals(ExitCodes.INTERRUPTED, child.waitFor(PATIENCE), child.tail());
            Matcher stop = child.stderr().stream().map(Pattern.compile("interrupted at step (\\d+): checkpoint written")::matcher)
                    .filter(Matcher::find).findFirst().orElseThrow(() -> new AssertionError(child.tail()));
            stoppedAt = Integer.parseInt(stop.group(1));
        }
        assertTrue(stoppedAt >= 50 && stoppedAt < STEPS, "stopped at " + stoppedAt);
        CheckpointStore.Loaded last = new CheckpointStore(run, 2).latest().orElseThrow();
        assertEquals(String.format("step-%08d.zip", stoppedAt), last.zip().getFileName().toString());
        assertEquals(stoppedAt, last.graph().getIterationCount());
        assertFalse(Files.exists(run.resolve("metrics.json")), "an interrupted run has no final metrics");

        CliRunner rest = TestRuns.run(TestRuns.resume(root, "interrupted"));
        assertEquals(0, rest.exitCode(), rest.err());
        assertSameRunAsTheReference(run);
    }

    @Test
    void sigtermAsFromDockerStopAlsoStopsAfterACheckpoint() throws Exception {
        Path run = root.resolve("terminated");
        try (ChildJvm child = ChildJvm.start(TestRuns.train(root, "terminated", corpus, SETTINGS), Map.of())) {
            assertTrue(child.awaitLine(0, line -> progress(line) >= 50, PATIENCE).isPresent(), child.tail());
            child.signal("TERM");
            assertEquals(ExitCodes.TERMINATED, child.waitFor(PATIENCE), child.tail());
        }
        assertTrue(new CheckpointStore(run, 2).latest().isPresent(), "a checkpoint was written on SIGTERM");
        assertFalse(Files.exists(run.resolve("metrics.json")), "a stopped run has no final metrics");
    }

    @Test
    void aRunKilledAfterItsLastCheckpointOnlyReportsOnResume() throws Exception {
        Path run = root.resolve("unreported");
        Files.createDirectories(run);
        try (var files = Files.list(root.resolve("reference"))) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        Files.delete(run.resolve("metrics.json"));
        Files.delete(run.resolve("samples.txt"));
        CliRunner rest = TestRuns.run(TestRuns.resume(root, "unreported"));
        assertEquals(0, rest.exitCode(), rest.err());
        assertSameRunAsTheReference(run);
        CliRunner again = TestRuns.run(TestRuns.resume(root, "unreported"));
        assertEquals(ExitCodes.BAD_INPUT, again.exitCode(), again.err());
        assertTrue(again.err().contains("is already at step 200 of train.steps 200"), again.err());
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointStartsAgainOnResume() throws Exception {
        Path run = root.resolve("unstarted");
        Files.createDirectories(run);
        for (String file : List.of("config.yaml", "vocab.json", "provenance.json")) {   // what a new run writes first
            Files.copy(root.resolve("reference").resolve(file), run.resolve(file));
        }
        CliRunner rest = TestRuns.run(TestRuns.resume(root, "unstarted"));
        assertEquals(0, rest.exitCode(), rest.err());
        assertSameRunAsTheReference(run);
    }

    /** What a killed run left: its files parse, its newest checkpoint (and best) load. Returns a description. */
    private static String checkTheRunCanResume(Path run) {
        if (!Files.isDirectory(run)) {
            return "no run directory yet (killed before it was created)";
        }
        RunFiles files = new RunFiles(RunDirectory.at(run));
        files.readConfig(List.of());
        files.readVocabulary();
        files.readProvenance();
        CheckpointStore store = new CheckpointStore(run, 2);
        List<String> damaged = new ArrayList<>();
        Optional<CheckpointStore.Loaded> latest = store.latest(damaged::add);
        assertEquals(List.of(), damaged, "no checkpoint a manifest names is ever damaged");
        if (latest.isEmpty()) {
            assertTrue(store.periodicManifests().isEmpty());
            return "run directory without a checkpoint yet (--resume starts again)";
        }
        assertEquals(latest.get().manifest().step(), latest.get().graph().getIterationCount());
        String best = "";
        if (store.bestManifest().isPresent()) {
            CheckpointStore.Loaded loaded = store.best();
            best = ", " + loaded.zip().getFileName() + " loads";
        }
        return latest.get().zip().getFileName() + " loads" + best;
    }

    private static int newestStep(Path run) {
        return new CheckpointStore(run, 2).periodicManifests().stream().findFirst()
                .map(m -> Integer.parseInt(m.getFileName().toString().replaceAll("\\D", ""))).orElse(0);
    }

    private static int progress(String line) {
        Matcher m = PROGRESS.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void assertSameRunAsTheReference(Path run) throws Exception {
        Path reference = root.resolve("reference");
        for (String file : List.of("metrics.json", "loss.csv", "samples.txt")) {
            assertEquals(TestRuns.runFile(reference, file), TestRuns.runFile(run, file), file);
        }
        CheckpointManifest best = new CheckpointStore(run, 2).bestManifest().orElseThrow();
        assertEquals(new CheckpointStore(reference, 2).bestManifest().orElseThrow().step(), best.step());
    }
}
