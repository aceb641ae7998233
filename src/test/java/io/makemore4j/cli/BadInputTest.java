package io.makemore4j.cli;

import io.makemore4j.model.TestGraphs;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.makemore4j.checkpoint.AtomicFiles;
import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.config.ConfigLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus of bad inputs, {@code src/test/resources/bad/cases.txt}: configs, corpora, checkpoints
 * and command lines that a user can get wrong. Each must end in exit code 2 and one stderr line
 * {@code error: ...} that names the problem, with no stack trace and no log line, and must leave
 * every run directory exactly as it was (and create none).
 */
class BadInputTest {

    static final Path BAD = Path.of("src/test/resources/bad").toAbsolutePath();

    @TempDir
    static Path tmp;
    static Path root;      // holds runs "good" and "gated"
    static Path made;      // checkpoints and special files made at test time
    static Path runs;      // runs damaged or edited at test time (BadRuns)
    static Path fresh;     // a --checkpoints root that must never come to exist
    static Path file;      // a regular file
    static Path corpus;
    static CliRunner good;

    @BeforeAll
    static void trainARealRunAndMakeBadCheckpoints() throws IOException {
        root = tmp.resolve("root");
        made = tmp.resolve("made");
        fresh = tmp.resolve("fresh");
        file = Files.writeString(tmp.resolve("a-file"), "not a directory\n");
        corpus = TestRuns.smallCorpus(tmp);
        good = TestRuns.run(TestRuns.train(root, "good", corpus, "train.steps=30", "train.eval_every=10",
                "train.checkpoint_every=15", "train.samples=0"));
        assertEquals(0, good.exitCode(), good.err());
        // a dilated run with a variant that has no flatten form (for convert)
        CliRunner gated = TestRuns.run(TestRuns.train(root, "gated", corpus, "model.type=dilated", "model.gated=true",
                "train.steps=10", "train.eval_every=10", "train.checkpoint_every=10", "train.samples=0"));
        assertEquals(0, gated.exitCode(), gated.err());
        Path run = root.resolve("good");
        Files.createDirectories(made);

        // damaged: bytes changed after the manifest was written
        Path damaged = Files.copy(run.resolve("step-00000030.zip"), made.resolve("step-00000030.zip"));
        Files.copy(run.resolve("step-00000030.json"), made.resolve("step-00000030.json"));
        byte[] bytes = Files.readAllBytes(damaged);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) {
            bytes[i] ^= (byte) 0xFF;
        }
        Files.write(damaged, bytes);
        // truncated, with a manifest that matches it (so the zip itself must be found wanting)
        byte[] whole = Files.readAllBytes(run.resolve("step-00000030.zip"));
        Path truncated = Files.write(made.resolve("truncated.zip"), Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(made.resolve("truncated.json"), Files.readString(run.resolve("step-00000030.json"))
                .replace("step-00000030.zip", "truncated.zip")
                .replaceAll("\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"" + AtomicFiles.sha256(truncated) + "\""));

        // real checkpoints of networks over other vocabularies
        var model = ConfigLoader.load(Path.of("config/tiny.yaml"), List.of()).model();
        List<String> runVocab = Arrays.asList(new ObjectMapper().readValue(run.resolve("vocab.json").toFile(), String[].class));
        List<String> eleven = List.of(".", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        List<String> shifted = new ArrayList<>(List.of("."));
        for (int i = 1; i < runVocab.size(); i++) {
            shifted.add(Character.toString('A' + i - 1));
        }
        saveUntrained(made.resolve("small-vocab"), model, eleven, true);
        saveUntrained(made.resolve("other-vocab"), model, shifted, true);
        saveUntrained(made.resolve("small-vocab-unrecorded"), model, eleven, false);
        // a best checkpoint that a later best superseded (as a killed run could leave it)
        Path oldBest = made.resolve("old-best");
        Files.createDirectories(oldBest);
        CheckpointStore store = new CheckpointStore(oldBest, 2, runVocab);
        ComputationGraph graph = TestGraphs.build(model, runVocab.size(), 1);
        store.saveBest(graph, 10, 3.0);
        Path kept = Files.copy(oldBest.resolve("best-00000010.zip"), tmp.resolve("best-00000010.zip"));
        store.saveBest(graph, 20, 2.9);
        Files.copy(kept, oldBest.resolve("best-00000010.zip"));
        runs = tmp.resolve("runs");
        try {
            BadRuns.make(run, runs, made);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    private static void saveUntrained(Path dir, io.makemore4j.config.ModelConfig model, List<String> vocab, boolean record)
            throws IOException {
        Files.createDirectories(dir);
        new CheckpointStore(dir, 1, record ? vocab : null).save(TestGraphs.build(model, vocab.size(), 1), 0, null);
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>(BoundaryCases.all());
        for (String line : Files.readAllLines(BAD.resolve("cases.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\|", -1);
            if (fields.length != 3) {
                throw new IllegalArgumentException("cases.txt: want 'case | message | command line', got: " + line);
            }
            cases.add(Arguments.of(fields[0].strip(), fields[1].strip(), fields[2].strip()));
        }
        return cases.stream();
    }

    /** Expands the macros and paths of a case's command line. */
    private static List<String> args(String commandLine) {
        Map<String, String> macros = new LinkedHashMap<>();
        macros.put("${TRAIN_NEW}", "train --checkpoints ${NEW} --run r");
        macros.put("${EVAL}", "evaluate --checkpoints ${ROOT} --run good");
        macros.put("${SAMPLE}", "sample --checkpoints ${ROOT} --run good");
        macros.put("${CONVERT}", "convert --checkpoints ${ROOT}");
        String expanded = commandLine;
        for (var macro : macros.entrySet()) {
            expanded = expanded.replace(macro.getKey(), macro.getValue());
        }
        List<String> args = new ArrayList<>();
        for (String arg : expanded.split(" +")) {
            if (!arg.isEmpty()) {
                args.add(paths(arg));
            }
        }
        return args;
    }

    private static String paths(String text) {
        return text.replace("${BAD}", BAD.toString()).replace("${NEW}", fresh.toString()).replace("${ROOT}", root.toString())
                .replace("${MADE}", made.toString()).replace("${RUNS}", runs.toString()).replace("${CORPUS}", corpus.toString()).replace("${FILE}", file.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsInOneLineAndExitCode2AndChangesNothing(String name, String expected, String commandLine) {
        Map<String, String> before = TestRuns.snapshot(tmp);
        Map<String, String> defaultRoot = TestRuns.snapshot(Path.of("checkpoints"));
        List<String> args = args(commandLine);
        CliRunner result;
        List<String> logged;
        try (LogCapture log = LogCapture.open()) {
            result = TestRuns.run(args);
            logged = log.events();
        }
        String err = result.err();
        String message = name + ": makemore4j " + String.join(" ", args) + "\nprinted: " + err + result.out();
        assertEquals(ExitCodes.BAD_INPUT, result.exitCode(), message);
        assertEquals(1, err.lines().count(), message);
        assertTrue(err.startsWith("error: "), message);
        assertTrue(err.contains(paths(expected)), () -> "expected '" + paths(expected) + "' in " + message);
        assertFalse(err.contains("Exception") || err.contains("\tat "), message);
        assertEquals("", result.out(), message);
        assertEquals(List.of(), logged, "nothing but the error line on the console: " + message);
        assertEquals(before, TestRuns.snapshot(tmp), "files created, removed or changed: " + message);
        assertEquals(defaultRoot, TestRuns.snapshot(Path.of("checkpoints")), message);
        assertFalse(Files.exists(fresh), message);
        System.out.println("bad input | " + name + " | " + err.strip().replace(tmp.toString(), "$TMP").replace(BAD.toString(), "$BAD"));
    }

    /** The same in a real process: the one line is all of stderr, even when the native backend is loaded. */
    @Test
    void aRealProcessPrintsOnlyTheOneLine() throws Exception {
        String expected = paths("checkpoint ${MADE}/small-vocab/step-00000000.zip was trained on another vocabulary");
        try (ChildJvm child = ChildJvm.start(args("${EVAL} --checkpoint ${MADE}/small-vocab/step-00000000.zip"), Map.of())) {
            assertEquals(ExitCodes.BAD_INPUT, child.waitFor(Duration.ofMinutes(3)), child.tail());
            assertEquals(1, child.stderr().size(), child.tail());
            assertTrue(child.stderr().get(0).startsWith("error: " + expected), child.tail());
        }
    }
}
