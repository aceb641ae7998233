package io.makemore4j.cli;

import io.makemore4j.checkpoint.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small corpora, command lines and directory snapshots shared by the end-to-end reliability tests. */
final class TestRuns {

    private TestRuns() {
    }

    /**
     * Every 16th name of {@code datasets/names.txt} (about 2,000 items, all 26 letters): training on it
     * behaves like the real corpus, but preparing and evaluating it is 16 times cheaper.
     */
    static Path smallCorpus(Path dir) {
        try {
            List<String> names = Files.readAllLines(Path.of("datasets/names.txt"), StandardCharsets.UTF_8);
            List<String> every16th = new ArrayList<>();
            for (int i = 0; i < names.size(); i += 16) {
                every16th.add(names.get(i));
            }
            Path file = dir.resolve("names-small.txt");
            Files.write(file, every16th, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code train} on {@code config/tiny.yaml} and {@code corpus} with a few more overrides ({@code key=value}). */
    static List<String> train(Path root, String run, Path corpus, String... overrides) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "config/tiny.yaml", "--checkpoints", root.toString(),
                "--run", run, "--set", "data.path=" + corpus));
        for (String override : overrides) {
            args.add("--set");
            args.add(override);
        }
        return args;
    }

    /**
     * A run file's text as two runs of the same config must agree on: {@code loss.csv} without its
     * time columns ({@code elapsed_s}, {@code wall_time}), any other file as it is.
     */
    static String runFile(Path runDir, String file) {
        try {
            String text = Files.readString(runDir.resolve(file), StandardCharsets.UTF_8);
            return file.equals("loss.csv") ? withoutTimes(text) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code loss.csv} text with its last two columns (the times) dropped from every line. */
    static String withoutTimes(String csv) {
        StringBuilder out = new StringBuilder();
        for (String line : csv.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append(line, 0, line.lastIndexOf(',', line.lastIndexOf(',') - 1)).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code train --resume} of a run, with overrides. */
    static List<String> resume(Path root, String run, String... overrides) {
        List<String> args = new ArrayList<>(List.of("train", "--resume", "--checkpoints", root.toString(), "--run", run));
        for (String override : overrides) {
            args.add("--set");
            args.add(override);
        }
        return args;
    }

    static CliRunner run(List<String> args) {
        return CliRunner.run(args.toArray(String[]::new));
    }

    static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(Arrays.asList(b));
        return all;
    }

    /**
     * Every file under {@code dir} (none if it does not exist) with its size, modification time and
     * SHA-256: two equal snapshots mean nothing was created, removed or changed.
     */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String key = dir.relativize(p).toString();
                files.put(key, Files.isDirectory(p) ? "dir " + Files.getLastModifiedTime(p)
                        : !Files.isRegularFile(p) ? "special " + Files.getLastModifiedTime(p)   // a FIFO: reading it would block
                        : Files.size(p) + " " + Files.getLastModifiedTime(p) + " " + AtomicFiles.sha256(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
