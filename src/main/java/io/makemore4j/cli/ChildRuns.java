package io.makemore4j.cli;

import io.makemore4j.checkpoint.LossLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bench}'s measurements of whole commands: {@code java -jar} child processes started with
 * this JVM's flags, in a temporary run root. Figures come from the child run's own files
 * ({@code loss.csv}'s {@code wall_time} column), never from its console output.
 */
final class ChildRuns implements AutoCloseable {

    /**
     * When a child training run first reached a validation loss.
     *
     * @param seconds  from launch to the row where the validation loss first reached the target (NaN if never)
     * @param step     that row's step (-1 if never)
     * @param bestVal  the lowest validation loss of the run
     * @param total    from launch to exit, seconds
     * @param exitCode the child's exit code
     */
    record Quality(double seconds, int step, double bestVal, double total, int exitCode) {
    }

    private final Path jar;
    private final Path root;

    ChildRuns(Path jar) throws IOException {
        this.jar = jar;
        this.root = Files.createTempDirectory("makemore4j-bench");
    }

    /** The jar this class runs from, or null (classes directory, tests). */
    static Path thisJar() {
        try {
            Path p = Path.of(ChildRuns.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") && Files.isRegularFile(p) ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Trains run {@code name} with {@code args} after {@code train}, and reads when its validation loss reached {@code target}. */
    Quality trainUntil(String name, double target, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("train", "--checkpoints", root.toString(), "--run", name));
        cmd.addAll(args);
        Path log = root.resolve(name + ".out");
        double launched = System.currentTimeMillis() / 1e3;
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(javaCommand(cmd)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int code = p.waitFor();
        double total = BenchReport.since(t0);
        double reached = Double.NaN;
        int step = -1;
        double best = Double.NaN;
        for (LossLog.Point point : LossLog.read(root.resolve(name).resolve("loss.csv"))) {
            double val = point.valLoss();
            if (!Double.isNaN(val)) {
                best = Double.isNaN(best) ? val : Math.min(best, val);
                if (Double.isNaN(reached) && val <= target) {
                    reached = point.wallTime() - launched;
                    step = point.step();
                }
            }
        }
        return new Quality(reached, step, best, total, code);
    }

    /** Seconds from launch to exit of {@code sample -n 1} on run {@code name}, {@code times} times. */
    double[] coldSamples(String name, int times) throws IOException, InterruptedException {
        double[] seconds = new double[times];
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(javaCommand(List.of("sample", "--checkpoints", root.toString(), "--run", name, "-n", "1")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("the cold-start sample process failed");
            }
            seconds[i] = BenchReport.since(t0);
        }
        return seconds;
    }

    /** The last lines a child printed, for an error message. */
    String tail(String name) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve(name + ".out"), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    /** {@code java <this JVM's flags> -jar <jar> args...}. */
    private List<String> javaCommand(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-XX:StartFlightRecording")) {
                cmd.add(a);
            }
        }
        cmd.addAll(Arrays.asList("-jar", jar.toString()));
        cmd.addAll(args);
        return cmd;
    }

    /** Deletes the temporary run root. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
