package io.makemore4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.makemore4j.config.BuildInfo;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness that {@code bench} and {@code bench-dilated} share: the machine line, timing, the
 * median of repetitions printed with its range, ratios of pairs measured back to back, the peak
 * resident memory, and every figure collected for {@code --json}.
 */
final class BenchReport {

    private final PrintWriter out;
    private final Map<String, Object> results = new LinkedHashMap<>();

    /** Starts a report on {@code out}: records and prints the machine, the config and its overrides. */
    BenchReport(PrintWriter out, Path config, List<String> overrides) {
        this.out = out;
        results.put("machine", machine());
        results.put("config", config.toString());
        results.put("overrides", overrides);
        line("machine: %s", results.get("machine"));
    }

    /** Records a figure under {@code key} without printing it. */
    void put(String key, Object value) {
        results.put(key, value);
    }

    /** Prints a formatted line and flushes. */
    void line(String format, Object... args) {
        out.printf(Locale.ROOT, format + "%n", args);
        out.flush();
    }

    /** Records the median of {@code values} under {@code key} (all of them under {@code key_all}) and prints it with its range. */
    void median(String key, String label, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        results.put(key, median);
        results.put(key + "_all", values);
        String fmt = median >= 100 ? "%,10.0f" : "%10.2f";
        line("%-55s " + fmt + "   (%s .. %s)", label, median, number(sorted[0]), number(sorted[sorted.length - 1]));
    }

    /** Records and prints this process's peak resident memory. */
    void peakMemory() {
        double mb = peakRssKb() / 1024.0;
        results.put("bench_peak_rss_mb", mb);
        line("%-55s %10.0f", "peak resident memory of this bench process, MB", mb);
    }

    /** Writes every figure to {@code file} as JSON (for {@code bench/compare.sh}); nothing when null. */
    void writeJson(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Seconds that {@code work} took. */
    static double seconds(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The CPU seconds this thread spends on {@code work}: with one native thread the ops run on it, so
     * this discounts the time a busy machine's other processes take from it.
     */
    static double cpuSeconds(Runnable work) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        work.run();
        return (mx.getCurrentThreadCpuTime() - t0) / 1e9;
    }

    /** Seconds since {@code startNanos} ({@link System#nanoTime()}). */
    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Per-repetition ratios {@code a[i] / b[i]}: each pair was measured back to back. */
    static double[] ratios(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / b[i];
        }
        return out;
    }

    /** Each value times {@code factor}. */
    static double[] scale(double[] values, double factor) {
        return Arrays.stream(values).map(v -> v * factor).toArray();
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** CPU model and count, backend classifier, native threads. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // keep "unknown CPU"
        }
        BuildInfo build = BuildInfo.load();
        String omp = System.getenv("OMP_NUM_THREADS");
        return String.format(Locale.ROOT, "%s, %d CPUs; DL4J %s, backend %s, %d ND4J thread(s) (OMP_NUM_THREADS=%s), Java %s",
                cpu, Runtime.getRuntime().availableProcessors(), build.dl4jVersion(), build.classifier(),
                Nd4j.getEnvironment().maxMasterThreads(), omp == null ? "unset" : omp, System.getProperty("java.version"));
    }

    /** VmHWM (peak resident set) of this process in kB, or -1. */
    static long peakRssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return -1;
    }
}
