package io.makemore4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run directories damaged or edited as a user could leave them, and special files, made at test
 * time for {@code cases.txt} (${RUNS} holds the runs, ${MADE} the files): each a copy of the real run
 * {@code good} with one thing changed.
 */
final class BadRuns {

    private BadRuns() {
    }

    /** Makes the runs under {@code runs} from {@code good}, and the special files in {@code made}. */
    static void make(Path good, Path runs, Path made) throws IOException, InterruptedException {
        edit(good, runs, "null-vocab", "vocab.json", text -> "null");
        edit(good, runs, "null-provenance", "provenance.json", text -> "null");
        edit(good, runs, "bad-sha", "provenance.json", text -> text.replaceAll("\"dataset_sha256\" : \"[0-9a-f]+\"",
                "\"dataset_sha256\" : \"xyz\""));
        edit(good, runs, "edited-vocab", "vocab.json", text -> text.replace("\"a\"", "\"Q\""));
        edit(good, runs, "edited-hidden", "config.yaml", text -> text.replaceFirst("n_hidden: \\d+", "n_hidden: 24"));
        edit(good, runs, "edited-type", "config.yaml", text -> text.replaceFirst("type: flatten", "type: dilated"));
        edit(good, runs, "bad-loss", "loss.csv", text -> replaceLine(text, 5, line -> line.replaceFirst("^(\\d+),[^,]*,", "$1,abc,")));
        edit(good, runs, "unordered-loss", "loss.csv", text -> replaceLine(text, 5, line -> line.replaceFirst("^\\d+,", "1,")));
        edit(good, runs, "log-directory", "train.log", null);
        Files.createDirectories(runs.resolve("log-directory/train.log"));
        edit(good, runs, "provenance-fifo", "provenance.json", null);
        mkfifo(runs.resolve("provenance-fifo/provenance.json"));

        manifest(good, made.resolve("negative-step"), text -> text.replaceFirst("\"step\" : 30", "\"step\" : -5"));
        manifest(good, made.resolve("wrong-step"), text -> text.replaceFirst("\"step\" : 30", "\"step\" : 20"));
        mkfifo(made.resolve("fifo"));
        Files.writeString(made.resolve("huge.yaml"), "# " + "x".repeat(1 << 20) + "\nmodel:\n  n_embd: 4\n", StandardCharsets.UTF_8);
        Files.writeString(made.resolve("long-list.yaml"), "model:\n  flatten: [" + "1, ".repeat(20_000) + "8]\n", StandardCharsets.UTF_8);
    }

    /** A copy of {@code good} as {@code runs/name} with {@code file} rewritten by {@code change} (deleted when null). */
    private static void edit(Path good, Path runs, String name, String file, java.util.function.UnaryOperator<String> change)
            throws IOException {
        Path run = runs.resolve(name);
        Files.createDirectories(run);
        try (Stream<Path> files = Files.list(good)) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        Path target = run.resolve(file);
        if (change == null) {
            Files.delete(target);
        } else {
            Files.writeString(target, change.apply(Files.readString(target, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }

    /** {@code good}'s newest checkpoint in {@code dir}, its manifest rewritten by {@code change}. */
    private static void manifest(Path good, Path dir, java.util.function.UnaryOperator<String> change) throws IOException {
        Files.createDirectories(dir);
        Files.copy(good.resolve("step-00000030.zip"), dir.resolve("step-00000030.zip"));
        Files.writeString(dir.resolve("step-00000030.json"), change.apply(Files.readString(good.resolve("step-00000030.json"))));
    }

    private static String replaceLine(String text, int line, java.util.function.UnaryOperator<String> change) {
        List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
        lines.set(line - 1, change.apply(lines.get(line - 1)));
        return String.join("\n", lines);
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
    }
}
