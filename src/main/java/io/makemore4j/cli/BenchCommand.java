package io.makemore4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.makemore4j.config.BuildInfo;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.model.ModelFactory;
import io.makemore4j.model.ModelSummary;
import io.makemore4j.sample.Sampler;
import io.makemore4j.sample.SamplingOptions;
import io.makemore4j.train.GraphStep;
import io.makemore4j.train.Trainer;
import io.makemore4j.train.TrainingBatches;
import io.makemore4j.train.Updaters;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench}: how fast this build is on this machine, with the real model, data and training
 * classes: training steps/s and rows/s at batch 32 and 256, full-split evaluation
 * rows/s, batched sampling names/s, each the median of {@code --reps} repetitions after a warm-up
 * ({@code --warmup} seconds before each training measurement: the JIT compiler is busy for the first
 * ten seconds or so); then, from child
 * {@code java -jar} processes started with this JVM's flags, the wall time from launch until the
 * validation loss reaches {@code --target} with {@code --quality-config}, and the time to the first
 * sample from a cold start. Prints the machine (CPU model), backend classifier and thread count
 * with the figures; {@code --json} also writes them for {@code bench/compare.sh}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training, evaluation and sampling speed, time to quality and to a first sample.")
public final class BenchCommand implements Callable<Integer> {

    private static final Pattern VAL_LOSS = Pattern.compile("step (\\d+): val loss (\\d+\\.\\d+)");
    private static final List<String> PARTS = List.of("train", "eval", "sample", "quality", "cold");

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--reps", paramLabel = "N", defaultValue = "5", description = "Repetitions of each measurement (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
            description = "Length of one training repetition in seconds (default: ${DEFAULT-VALUE}).")
    double repSeconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "8",
            description = "Warm-up before each training measurement in seconds: the JIT compiler works for the "
                    + "first ~10 s and takes CPU from training on a busy machine (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--batch-sizes", paramLabel = "B", split = ",", defaultValue = "32,256",
            description = "Training batch sizes to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--names", paramLabel = "N", defaultValue = "4096", description = "Names sampled per repetition (default: ${DEFAULT-VALUE}).")
    int names;

    @Option(names = "--quality-config", paramLabel = "FILE", defaultValue = "config/wavenet-fast.yaml",
            description = "Preset run from launch until the validation loss reaches --target (default: ${DEFAULT-VALUE}).")
    Path qualityConfig;

    @Option(names = "--target", paramLabel = "LOSS", defaultValue = "2.06", description = "Validation loss to reach (default: ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--skip", paramLabel = "PART", split = ",",
            description = "Parts to leave out: train, eval, sample, quality, cold.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to this JSON file.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (reps < 1 || repSeconds <= 0 || names < 1 || warmupSeconds < 0 || batchSizes.stream().anyMatch(b -> b < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--reps, --seconds, --names and --batch-sizes must be positive, --warmup not negative");
        }
        for (String part : skip) {
            if (!PARTS.contains(part)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--skip: unknown part '" + part + "' (expected some of " + String.join(", ", PARTS) + ")");
            }
        }
        Config cfg = config.load();
        PreparedData data = PreparedData.load(cfg.data(), cfg.model().blockSize());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", machine());
        results.put("config", config.file().toString());
        results.put("overrides", config.overrides());
        results.put("fused", cfg.model().fused());
        out.printf(Locale.ROOT, "machine: %s%n", results.get("machine"));
        out.printf(Locale.ROOT, "config %s %s: %,d trainable parameters, fused=%s; median of %d repetitions%n",
                config.file(), config.overrides(), ModelSummary.of(ModelFactory.configuration(cfg.model(),
                        data.vocabulary().size(), 1)).trainableParams(), cfg.model().fused(), reps);
        out.flush();

        ComputationGraph trained = null;
        if (!skip.contains("train")) {
            for (int batch : batchSizes) {
                Figures f = trainSpeed(batch, data);
                trained = f.graph;
                report(out, results, "train_b" + batch + "_steps_per_s", "train batch " + batch + ", steps/s", f.values);
                report(out, results, "train_b" + batch + "_rows_per_s", "train batch " + batch + ", rows/s", scale(f.values, batch));
            }
        }
        if (trained == null) {
            trained = graph(load(List.of()), data);
        }
        if (!skip.contains("eval")) {
            Evaluator evaluator = Evaluator.of(trained, cfg);
            long rows = data.train().rows().size() + data.val().rows().size() + data.test().rows().size();
            evaluator.evaluate(data);   // warm-up
            evaluator.evaluate(data);
            double[] rates = new double[reps];
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                evaluator.evaluate(data);
                rates[r] = rows / seconds(t0);
            }
            report(out, results, "eval_rows_per_s", "evaluation of all splits (" + rows + " rows), rows/s", rates);
        }
        if (!skip.contains("sample")) {
            Sampler sampler = Sampler.of(trained, cfg.model(), data.vocabulary(), cfg.data().maxLength());
            sampler.sample(names, SamplingOptions.seeded(1));   // warm-up
            sampler.sample(names, SamplingOptions.seeded(0));
            double[] rates = new double[reps];
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                sampler.sample(names, SamplingOptions.seeded(r + 2));
                rates[r] = names / seconds(t0);
            }
            report(out, results, "sample_names_per_s", "sampling " + names + " names in batches, names/s", rates);
        }
        Path jar = jar();
        if (jar == null && !(skip.contains("quality") && skip.contains("cold"))) {
            out.println("time to quality and to a first sample: skipped (not running from the jar)");
        } else if (jar != null) {
            childMeasurements(out, results, jar);
        }
        long peakKb = peakRssKb();
        results.put("bench_peak_rss_mb", peakKb / 1024.0);
        out.printf(Locale.ROOT, "%-55s %10.0f%n", "peak resident memory of this bench process, MB", peakKb / 1024.0);
        out.flush();
        if (json != null) {
            Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results),
                    StandardCharsets.UTF_8);
        }
        return ExitCodes.OK;
    }

    /** Figures of one measurement and the graph it trained. */
    private record Figures(double[] values, ComputationGraph graph) {
    }

    private Config load(List<String> extra) {
        List<String> overrides = new ArrayList<>(config.overrides());
        overrides.addAll(extra);
        return ConfigLoader.load(config.file(), overrides);
    }

    private static ComputationGraph graph(Config c, PreparedData data) {
        return ModelFactory.build(c.model(), data.vocabulary().size(), Updaters.of(c.train()), Updaters.weightDecay(c.train()),
                c.train().seed(), DataType.FLOAT);
    }

    /** Steps/s at one batch size: a warm-up of about one repetition, then {@code reps} timed ones. */
    private Figures trainSpeed(int batch, PreparedData data) {
        Config c = load(List.of("train.batch_size=" + batch));
        ComputationGraph g = graph(c, data);
        Trainer.Batches batches = TrainingBatches.of(c.model(), c.train(), data);
        GraphStep step = new GraphStep(g);
        int[] next = {0};
        Runnable one = () -> step.fit(batches.batch(next[0]++));
        // warm-up, then the number of steps that took about --seconds at its end
        long t0 = System.nanoTime();
        int warm = 0;
        while (seconds(t0) < Math.max(warmupSeconds - repSeconds, 0) || warm < 20) {
            one.run();
            warm++;
        }
        long t1 = System.nanoTime();
        int last = 0;
        while (seconds(t1) < repSeconds || last < 20) {
            one.run();
            last++;
        }
        int steps = Math.max(20, (int) (last * repSeconds / seconds(t1)));
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t2 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                one.run();
            }
            rates[r] = steps / seconds(t2);
        }
        return new Figures(rates, g);
    }

    /** Time to quality with the preset, then a cold-start sample from that run, in child JVMs. */
    private void childMeasurements(PrintWriter out, Map<String, Object> results, Path jar) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("makemore4j-bench");
        try {
            boolean trainedRun = false;
            if (!skip.contains("quality")) {
                List<String> cmd = javaCommand(jar, "train", "--config", qualityConfig.toString(), "--checkpoints",
                        dir.toString(), "--run", "quality");
                for (String o : config.overrides()) {
                    if (o.startsWith("data.")) {
                        cmd.addAll(List.of("--set", o));
                    }
                }
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                double reached = Double.NaN;
                int reachedStep = -1;
                double best = Double.NaN;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        Matcher m = VAL_LOSS.matcher(line);
                        if (m.find()) {
                            double loss = Double.parseDouble(m.group(2));
                            best = Double.isNaN(best) ? loss : Math.min(best, loss);
                            if (Double.isNaN(reached) && loss <= target) {
                                reached = seconds(t0);
                                reachedStep = Integer.parseInt(m.group(1));
                            }
                        }
                    }
                }
                int code = p.waitFor();
                double total = seconds(t0);
                trainedRun = code == 0;
                results.put("quality_config", qualityConfig.toString());
                results.put("quality_target", target);
                results.put("quality_seconds", reached);
                results.put("quality_step", reachedStep);
                results.put("quality_best_val", best);
                results.put("quality_run_seconds", total);
                out.printf(Locale.ROOT, "%-55s %10s%n", "time from launch to val loss <= " + target + " (" + qualityConfig + "), s",
                        Double.isNaN(reached) ? "not reached (best " + best + ", exit " + code + ")"
                                : String.format(Locale.ROOT, "%.1f", reached) + " (step " + reachedStep + "; whole run "
                                        + String.format(Locale.ROOT, "%.1f", total) + " s)");
                out.flush();
            }
            if (!skip.contains("cold")) {
                if (!trainedRun) {
                    out.println("time to first sample: skipped (needs the --quality-config run)");
                    return;
                }
                double[] times = new double[Math.min(reps, 3)];
                for (int i = 0; i < times.length; i++) {
                    long t0 = System.nanoTime();
                    Process p = new ProcessBuilder(javaCommand(jar, "sample", "--checkpoints", dir.toString(), "--run",
                            "quality", "-n", "1")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        p.destroyForcibly();
                        throw new IllegalStateException("the cold-start sample process failed");
                    }
                    times[i] = seconds(t0);
                }
                report(out, results, "cold_sample_seconds", "time from launch to a first sample (cold JVM), s", times);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** {@code java <this JVM's flags> -jar <jar> args...}. */
    private static List<String> javaCommand(Path jar, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-XX:StartFlightRecording")) {
                cmd.add(a);
            }
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** The jar this class runs from, or null (classes directory, tests). */
    private static Path jar() {
        try {
            Path p = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") && Files.isRegularFile(p) ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    static void report(PrintWriter out, Map<String, Object> results, String key, String label, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        results.put(key, median);
        results.put(key + "_all", values);
        String fmt = median >= 100 ? "%,10.0f" : "%10.2f";
        out.printf(Locale.ROOT, "%-55s " + fmt + "   (%s .. %s)%n", label, median, fmt(sorted[0]), fmt(sorted[sorted.length - 1]));
        out.flush();
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static double[] scale(double[] values, double factor) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
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
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return -1;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
