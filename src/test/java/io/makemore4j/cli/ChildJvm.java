package io.makemore4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code makemore4j} in a child JVM on the test classpath, for what cannot happen in-process: a
 * SIGKILL, a SIGINT, the real stderr. Its stderr is collected line by line as it comes.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> err = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (err) {
                        err.add(line);
                        err.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            synchronized (err) {
                err.notifyAll();
            }
        }, "child-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code io.makemore4j.FaultInjectingMain args} (the command line with the faults its
     * system properties ask for) in the project directory with one OpenMP thread.
     *
     * @param properties system properties for the child, such as {@link io.makemore4j.train.TestFaults#PAUSE_PROPERTY}
     */
    static ChildJvm start(List<String> args, Map<String, String> properties) {
        return start(args, properties, Map.of(), null);
    }

    /**
     * The same, with {@code environment} added to this JVM's (a value of null removes a variable) and
     * stdout written to {@code stdout} (discarded when null).
     */
    static ChildJvm start(List<String> args, Map<String, String> properties, Map<String, String> environment, Path stdout) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.makemore4j.FaultInjectingMain"));
        command.addAll(args);
        return command(command, environment, stdout);
    }

    /** Any command (such as the launcher {@code bin/makemore4j}), as {@link #start(List, Map, Map, Path)} runs java. */
    static ChildJvm command(List<String> command, Map<String, String> environment, Path stdout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        builder.environment().put("OMP_NUM_THREADS", "1");
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        try {
            return new ChildJvm(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for a stderr line matching {@code match}, counting from line {@code from}; returns its
     * index, or empty when the process ended or {@code timeout} passed first.
     */
    Optional<Integer> awaitLine(int from, Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (err) {
            for (int i = from; ; ) {
                for (; i < err.size(); i++) {
                    if (match.test(err.get(i))) {
                        return Optional.of(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!reader.isAlive() && i >= err.size())) {
                    return Optional.empty();
                }
                err.wait(Math.max(1, Math.min(200, left / 1_000_000)));
            }
        }
    }

    List<String> stderr() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    /** The last lines of stderr, for failure messages. */
    String tail() {
        List<String> lines = stderr();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGINT, as Ctrl-C in a terminal sends. */
    void interrupt() throws IOException, InterruptedException {
        signal("INT");
    }

    /** Sends a signal by name (INT, TERM, ...) to the child. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the exit code; fails after {@code timeout}. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not finish within " + timeout + ":\n" + tail());
        }
        reader.join(5_000);
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
