package io.makemore4j.cli;

import io.makemore4j.ui.RunStats;
import io.makemore4j.ui.VertxThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --ui}: the same losses as without it (the graph keeps no DL4J listener), its stats in
 * the run directory, and the UI's server gone on every way out (the end, divergence, bad input, a
 * port in use) so that nothing keeps the JVM alive; without {@code --ui} nothing of the UI is loaded.
 */
class TrainUiTest {

    static final String[] SETTINGS = {"train.steps=120", "train.eval_every=40", "train.checkpoint_every=60",
            "train.log_every=40", "train.samples=2"};

    @TempDir
    static Path tmp;
    static Path corpus;

    @BeforeAll
    static void corpus() {
        corpus = TestRuns.smallCorpus(tmp);
    }

    private static List<String> train(String run, String... more) {
        return TestRuns.concat(TestRuns.train(tmp, run, corpus, SETTINGS), more);
    }

    @Test
    void withTheUiTheLossesAreThoseOfARunWithoutItAndItsStatsStayInTheRun() throws Exception {
        CliRunner plain = TestRuns.run(train("plain"));
        CliRunner watched = TestRuns.run(train("watched", "--ui", "0", "--ui-every", "5"));
        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals(0, watched.exitCode(), watched.err());
        for (String file : List.of("loss.csv", "metrics.json", "samples.txt")) {
            assertEquals(TestRuns.runFile(tmp.resolve("plain"), file), TestRuns.runFile(tmp.resolve("watched"), file), file);
        }
        assertEquals(plain.out().replace("plain", "watched"), watched.out());
        assertTrue(watched.err().contains("training UI: http://127.0.0.1:"), watched.err());
        assertTrue(Files.size(tmp.resolve("watched").resolve(RunStats.FILE)) > 0);
        assertFalse(Files.exists(tmp.resolve("plain").resolve(RunStats.FILE)));
        assertEquals(List.of(), VertxThreads.alive());
    }

    @Test
    void theServerStopsWhenTrainingDivergesOrTheInputIsBad() throws Exception {
        CliRunner diverged = TestRuns.run(train("diverged", "--set", "train.diverge_loss=1.0", "--ui", "0"));
        assertEquals(ExitCodes.DIVERGED, diverged.exitCode(), diverged.err());
        assertEquals(List.of(), VertxThreads.alive());

        CliRunner bad = TestRuns.run(train("bad", "--set", "train.steps=-1", "--ui", "0"));
        assertEquals(ExitCodes.BAD_INPUT, bad.exitCode(), bad.err());
        assertTrue(bad.err().lines().anyMatch(l -> l.startsWith("error: ") && l.contains("train.steps")), bad.err());
        assertFalse(Files.exists(tmp.resolve("bad")));
        assertEquals(List.of(), VertxThreads.alive());

        CliRunner every = TestRuns.run(train("every", "--ui", "0", "--ui-every", "0"));
        assertEquals(ExitCodes.BAD_INPUT, every.exitCode(), every.err());
        assertEquals("error: --ui-every must be at least 1, got 0", every.err().strip());
    }

    @Test
    void aPortInUseIsOneLineAndCreatesNoRun() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliRunner busy = TestRuns.run(train("busy", "--ui", Integer.toString(port)));
            assertEquals(ExitCodes.BAD_INPUT, busy.exitCode(), busy.err());
            assertTrue(busy.err().strip().startsWith("error: --ui " + port + " --ui-address 127.0.0.1: cannot listen there"),
                    busy.err());
            assertEquals(1, busy.err().strip().lines().count(), busy.err());
        }
        assertFalse(Files.exists(tmp.resolve("busy")));
        assertEquals(List.of(), VertxThreads.alive());
    }

    @Test
    void theUiCommandRefusesARunWithoutStatsBeforeStartingAnything() throws Exception {
        CliRunner plain = TestRuns.run(train("nostats"));
        assertEquals(0, plain.exitCode(), plain.err());
        CliRunner ui = CliRunner.run("ui", "--run", "nostats", "--checkpoints", tmp.toString(), "--port", "0");
        assertEquals(ExitCodes.BAD_INPUT, ui.exitCode(), ui.err());
        assertEquals("error: run nostats has no " + RunStats.FILE + ": only runs trained with --ui have training UI stats "
                + "(train --run nostats --resume --ui adds them from now on)", ui.err().strip());
        CliRunner missing = CliRunner.run("ui", "--run", "nosuchrun", "--checkpoints", tmp.toString(), "--port", "0");
        assertEquals(ExitCodes.BAD_INPUT, missing.exitCode(), missing.err());
        assertEquals(List.of(), VertxThreads.alive());
    }

    @Test
    void withoutTheUiNoneOfItsClassesIsLoaded() throws Exception {
        Path classes = tmp.resolve("classes.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-verbose:class", "-cp", System.getProperty("java.class.path"),
                "io.makemore4j.Main"));
        command.addAll(train("noui", "--set", "train.steps=20"));
        try (ChildJvm child = ChildJvm.command(command, Map.of(), classes)) {
            assertEquals(0, child.waitFor(Duration.ofMinutes(2)), child.tail());
        }
        List<String> loaded = Files.readAllLines(classes);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("io.makemore4j.cli.TrainCommand ")), "no -verbose:class output");
        List<String> ui = loaded.stream().filter(l -> l.contains("io.vertx.") || l.contains("org.deeplearning4j.ui.")
                || l.contains("io.makemore4j.ui.") || l.contains("org.mapdb.")
                || l.contains("io.makemore4j.cli.TrainingUiView") || l.contains("io.makemore4j.cli.StoredRunsUi")).toList();
        assertEquals(List.of(), ui);
    }
}
