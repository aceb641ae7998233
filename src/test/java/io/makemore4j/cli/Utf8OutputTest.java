package io.makemore4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UTF-8 whatever the locale: under {@code LC_ALL=C} (whose charset is ASCII) the JVM prints samples
 * with non-ASCII letters as they are, never '?', on stdout, on stderr and in {@code samples.txt};
 * and the launcher {@code bin/makemore4j} makes {@code --prefix ñ} work, which the JVM alone cannot
 * (it decodes the command line with the locale's charset before {@code main} runs).
 */
class Utf8OutputTest {

    static final Duration PATIENCE = Duration.ofMinutes(3);
    /** The C locale, and nothing that could make it UTF-8. */
    static final Map<String, String> C_LOCALE = cLocale();

    @TempDir
    static Path root;

    @BeforeAll
    static void trainOnACorpusOfAccentedLetters() throws IOException {
        // every 'a' an 'ñ', every 'e' an 'é', every 'o' a 'ø': the model cannot avoid them
        List<String> accented = new ArrayList<>();
        for (String name : Files.readAllLines(TestRuns.smallCorpus(root), StandardCharsets.UTF_8)) {
            accented.add(name.replace('a', 'ñ').replace('e', 'é').replace('o', 'ø'));
        }
        Path corpus = Files.write(root.resolve("accented.txt"), accented, StandardCharsets.UTF_8);
        CliRunner trained = TestRuns.run(TestRuns.train(root, "accented", corpus, "train.steps=200", "train.eval_every=100",
                "train.checkpoint_every=100", "train.samples=20"));
        assertEquals(0, trained.exitCode(), trained.err());
        String samples = Files.readString(root.resolve("accented/samples.txt"), StandardCharsets.UTF_8);
        assertTrue(samples.matches("(?s).*[ñéø].*") && !samples.contains("?"), "samples.txt in UTF-8:\n" + samples);
    }

    @Test
    void inACLocaleTheJvmPrintsSamplesAndErrorsInUtf8() throws Exception {
        Path out = root.resolve("sample.out");
        try (ChildJvm child = ChildJvm.start(List.of("sample", "--checkpoints", root.toString(), "--run", "accented", "-n", "20"),
                Map.of(), C_LOCALE, out)) {
            assertEquals(0, child.waitFor(PATIENCE), child.tail());
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);   // throws if it is not UTF-8
        assertTrue(printed.matches("(?s).*[ñéø].*") && !printed.contains("?"), printed);
        // stderr too: an error naming a non-ASCII character of the vocabulary ('中' as an argument is lost
        // to the C locale, but the message lists the vocabulary, which has ñ, é and ø)
        try (ChildJvm child = ChildJvm.start(List.of("sample", "--checkpoints", root.toString(), "--run", "accented",
                "--prefix", "1"), Map.of(), C_LOCALE, null)) {
            assertEquals(ExitCodes.BAD_INPUT, child.waitFor(PATIENCE), child.tail());
            String error = child.stderr().get(0);
            assertTrue(error.startsWith("error: '1' (U+0031) in \"1\" is not in the vocabulary") && error.contains("ñ")
                    && !error.contains("?"), error);
        }
    }

    @Test
    void theLauncherMakesAPrefixOfAccentedLettersWorkInACLocale() throws Exception {
        Path out = root.resolve("launcher.out");
        Map<String, String> environment = new HashMap<>(C_LOCALE);
        environment.put("MAKEMORE4J_JAR", testJar().toString());
        environment.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try (ChildJvm launcher = ChildJvm.command(List.of("sh", "bin/makemore4j", "sample", "--checkpoints", root.toString(),
                "--run", "accented", "--prefix", "ñé", "-n", "5"), environment, out)) {
            assertEquals(0, launcher.waitFor(PATIENCE), launcher.tail());
        }
        List<String> items = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(line -> line.matches("\\s*\\S+\\s+(new|in \\w+)")).toList();
        assertEquals(5, items.size(), items.toString());
        items.forEach(line -> assertTrue(line.strip().startsWith("ñé"), line));
    }

    private static Map<String, String> cLocale() {
        Map<String, String> env = new HashMap<>();
        env.put("LC_ALL", "C");
        env.put("LANG", null);
        env.put("LC_CTYPE", null);
        env.put("JAVA_TOOL_OPTIONS", null);
        env.put("MAKEMORE4J_JAVA_OPTS", null);
        return env;
    }

    /**
     * A jar with only a manifest, whose {@code Class-Path} is this test's class path: what the launcher
     * runs with {@code -jar}, standing in for the shaded jar that {@code mvn package} builds later.
     */
    private static Path testJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.makemore4j.Main");
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            urls.add(Path.of(entry).toAbsolutePath().toUri().toString());   // directories end in '/'
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        Path jar = root.resolve("launcher-test.jar");
        try (JarOutputStream ignored = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            // the manifest is all
        }
        assertFalse(urls.isEmpty());
        return jar;
    }
}
