package io.makemore4j.sweep;

import io.makemore4j.config.EnvironmentException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Trains a sweep's unfinished points as child JVMs ({@link ChildJava}), at most {@code parallel} at
 * a time, each with one native thread ({@code OMP_NUM_THREADS=1}). When {@code stop} turns true it
 * starts no more and sends each running child one SIGTERM, on which {@code train} stops after its
 * next step with a checkpoint; it then waits for them. Children still running when this JVM exits
 * (a second Ctrl-C) are killed. What a child prints is handed to {@link Events#line}, its last lines
 * kept for {@link Result}.
 */
public final class SweepRunner {

    /** Exit codes of {@code train} that the runner tells apart (as {@code cli.ExitCodes}). */
    static final int OK = 0;
    static final int DIVERGED = 3;
    static final int INTERRUPTED = 130;
    static final int TERMINATED = 143;
    private static final int TAIL = 8;

    /** How a point ended in this sweep. */
    public enum Status {
        /** Finished before the sweep (kept) or in it. */
        FINISHED,
        /** Stopped with a checkpoint: a later sweep resumes it. */
        STOPPED,
        /** Diverged, before the sweep (kept) or in it: its last good checkpoint kept. */
        DIVERGED,
        /** Failed (bad input, the environment, a bug): see its last lines. */
        FAILED,
        /** Not started: the sweep was stopped first. */
        NOT_STARTED
    }

    /**
     * How a point ended.
     *
     * @param exitCode the child's exit code (0 or 3 for a point finished or diverged before the sweep, -1 when not started)
     * @param tail     the child's last lines of output
     */
    public record Result(SweepPlan.Entry entry, Status status, int exitCode, List<String> tail) {
    }

    /** What the runner reports as it goes. */
    public interface Events {
        /** A child started: {@code train}, or {@code train --resume}. */
        void started(SweepPlan.Entry entry);

        /** A child printed {@code line}. */
        void line(SweepPlan.Entry entry, String line);

        /** A child ended. */
        void ended(Result result);
    }

    private final int parallel;
    private final Events events;

    /** A runner of at most {@code parallel} children at a time. */
    public SweepRunner(int parallel, Events events) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        this.parallel = parallel;
        this.events = events;
    }

    private record Child(SweepPlan.Entry entry, Process process, Deque<String> tail, Thread reader) {
    }

    /** Trains the plan's unfinished entries; returns how each entry ended, in the plan's order. */
    public List<Result> run(SweepPlan plan, BooleanSupplier stop) {
        Map<SweepPlan.Entry, Result> results = new LinkedHashMap<>();
        Deque<SweepPlan.Entry> waiting = new ArrayDeque<>();
        for (SweepPlan.Entry entry : plan.entries()) {
            if (entry.state() == SweepPlan.State.FINISHED || entry.state() == SweepPlan.State.DIVERGED) {
                boolean finished = entry.state() == SweepPlan.State.FINISHED;
                results.put(entry, new Result(entry, finished ? Status.FINISHED : Status.DIVERGED, finished ? OK : DIVERGED, List.of()));
            } else {
                waiting.add(entry);
            }
        }
        List<Child> running = new CopyOnWriteArrayList<>();   // also read by the shutdown hook
        BlockingQueue<Child> exited = new LinkedBlockingQueue<>();
        Thread killer = new Thread(() -> running.forEach(c -> c.process().destroyForcibly()), "sweep-children-kill");
        Runtime.getRuntime().addShutdownHook(killer);
        boolean stopping = false;
        try {
            while (!running.isEmpty() || (!waiting.isEmpty() && !stopping)) {
                if (!stopping && stop.getAsBoolean()) {
                    stopping = true;
                    running.forEach(c -> c.process().destroy());   // SIGTERM: stop after a checkpoint
                }
                while (!stopping && running.size() < parallel && !waiting.isEmpty()) {
                    Child child = start(plan, waiting.poll());
                    running.add(child);
                    child.process().onExit().thenRun(() -> exited.add(child));
                }
                Child done = exited.poll(100, TimeUnit.MILLISECONDS);
                if (done != null) {
                    running.remove(done);
                    Result result = ended(done);
                    results.put(done.entry(), result);
                    events.ended(result);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(c -> c.process().destroy());
        } finally {
            Runtime.getRuntime().removeShutdownHook(killer);
        }
        waiting.forEach(entry -> results.put(entry, new Result(entry, Status.NOT_STARTED, -1, List.of())));
        return plan.entries().stream().map(results::get).toList();
    }

    private Child start(SweepPlan plan, SweepPlan.Entry entry) {
        List<String> command = new ArrayList<>(ChildJava.command());
        command.addAll(plan.trainArguments(entry));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("").toAbsolutePath().toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");   // as bin/makemore4j: no spinning between parallel regions
        builder.environment().putIfAbsent("MALLOC_MMAP_THRESHOLD_", "4194304");    // as bin/makemore4j: freed arrays
        builder.environment().putIfAbsent("MALLOC_TRIM_THRESHOLD_", "67108864");   // do not stay resident
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw EnvironmentException.of("start a child JVM (" + command.get(0) + ") for", entry.run().path(), e);
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> read(entry, process, tail), "sweep-" + entry.run().name());
        reader.setDaemon(true);
        reader.start();
        events.started(entry);
        return new Child(entry, process, tail, reader);
    }

    private void read(SweepPlan.Entry entry, Process process, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (tail) {
                    tail.add(line);
                    if (tail.size() > TAIL) {
                        tail.poll();
                    }
                }
                events.line(entry, line);
            }
        } catch (IOException e) {
            // the child is gone; its exit code says how it ended
        }
    }

    private static Result ended(Child child) throws InterruptedException {
        child.reader().join(TimeUnit.SECONDS.toMillis(5));   // its last lines
        int code = child.process().exitValue();
        Status status = switch (code) {
            case OK -> Status.FINISHED;
            case INTERRUPTED, TERMINATED -> Status.STOPPED;
            case DIVERGED -> Status.DIVERGED;
            default -> Status.FAILED;
        };
        List<String> tail;
        synchronized (child.tail()) {
            tail = List.copyOf(child.tail());
        }
        return new Result(child.entry(), status, code, tail);
    }
}
