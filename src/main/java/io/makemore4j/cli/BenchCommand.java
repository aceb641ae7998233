package io.makemore4j.cli;

import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.family.ModelType;
import io.makemore4j.model.ModelSummary;
import io.makemore4j.sample.Sampler;
import io.makemore4j.sample.SamplingOptions;
import io.makemore4j.train.TrainingStep;
import io.makemore4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

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
        checkOptions();
        Config cfg = config.load();
        PreparedData data = PreparedData.load(cfg.data(), cfg.model().blockSize());
        ModelType type = ModelFamily.of(cfg.model().type());
        type.checkData(cfg, data);
        BenchReport report = new BenchReport(spec.commandLine().getOut(), config.file(), config.overrides());
        report.put("fused", cfg.model().fused());
        report.line("config %s %s: %,d trainable parameters, fused=%s; median of %d repetitions", config.file(), config.overrides(),
                ModelSummary.of(ModelFamily.configuration(cfg, data.vocabulary().size())).trainableParams(), cfg.model().fused(), reps);

        ComputationGraph trained = null;
        if (!skip.contains("train")) {
            for (int batch : batchSizes) {
                Config c = load(List.of("train.batch_size=" + batch));
                trained = ModelFamily.build(c, data.vocabulary().size());
                double[][] rates = trainSpeed(trained, type.batches(c, data), c.train().replicas());
                report.median("train_b" + batch + "_steps_per_s", "train batch " + batch + ", steps/s", rates[0]);
                report.median("train_b" + batch + "_cpu_steps_per_s", "train batch " + batch + ", steps per CPU second", rates[1]);
                report.median("train_b" + batch + "_rows_per_s", "train batch " + batch + ", rows/s", BenchReport.scale(rates[0], batch));
            }
        }
        ComputationGraph graph = trained != null ? trained : ModelFamily.build(cfg, data.vocabulary().size());
        if (!skip.contains("eval")) {
            evaluation(report, type.evaluator(graph, cfg, data), data);
        }
        if (!skip.contains("sample")) {
            sampling(report, type.sampler(graph, cfg, data.vocabulary()));
        }
        Path jar = ChildRuns.thisJar();
        if (jar == null && !(skip.contains("quality") && skip.contains("cold"))) {
            report.line("time to quality and to a first sample: skipped (not running from the jar)");
        } else if (jar != null) {
            try (ChildRuns children = new ChildRuns(jar)) {
                childMeasurements(report, children);
            }
        }
        report.peakMemory();
        report.writeJson(json);
        return ExitCodes.OK;
    }

    private void checkOptions() {
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
    }

    private Config load(List<String> extra) {
        List<String> overrides = new ArrayList<>(config.overrides());
        overrides.addAll(extra);
        return ConfigLoader.load(config.file(), overrides);
    }

    /**
     * Steps/s of {@code graph} with {@code replicas} ({@code train.replicas}), by the clock and per CPU
     * second of this thread (the replicas' threads not counted): a warm-up, then {@code reps} timed
     * repetitions of about {@code --seconds} each.
     */
    private double[][] trainSpeed(ComputationGraph graph, Trainer.Batches batches, int replicas) {
        try (TrainingStep step = TrainingStep.of(graph, replicas)) {
            return trainSpeed(step, batches);
        }
    }

    private double[][] trainSpeed(TrainingStep step, Trainer.Batches batches) {
        int[] next = {0};
        Runnable one = () -> step.fit(batches.batch(next[0]++));
        // warm-up, then the number of steps that took about --seconds at its end
        long t0 = System.nanoTime();
        int warm = 0;
        while (BenchReport.since(t0) < Math.max(warmupSeconds - repSeconds, 0) || warm < 20) {
            one.run();
            warm++;
        }
        long t1 = System.nanoTime();
        int last = 0;
        while (BenchReport.since(t1) < repSeconds || last < 20) {
            one.run();
            last++;
        }
        int steps = Math.max(20, (int) (last * repSeconds / BenchReport.since(t1)));
        double[] rates = new double[reps];
        double[] cpuRates = new double[reps];
        Runnable rep = () -> {
            for (int i = 0; i < steps; i++) {
                one.run();
            }
        };
        for (int r = 0; r < reps; r++) {
            double[] cpu = new double[1];
            rates[r] = steps / BenchReport.seconds(() -> cpu[0] = BenchReport.cpuSeconds(rep));
            cpuRates[r] = steps / cpu[0];
        }
        return new double[][] {rates, cpuRates};
    }

    private void evaluation(BenchReport report, Evaluator evaluator, PreparedData data) {
        long rows = data.train().rows().size() + data.val().rows().size() + data.test().rows().size();
        evaluator.evaluate(data);   // warm-up
        evaluator.evaluate(data);
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            rates[r] = rows / BenchReport.seconds(() -> evaluator.evaluate(data));
        }
        report.median("eval_rows_per_s", "evaluation of all splits (" + rows + " rows), rows/s", rates);
    }

    private void sampling(BenchReport report, Sampler sampler) {
        sampler.sample(names, SamplingOptions.seeded(1));   // warm-up
        sampler.sample(names, SamplingOptions.seeded(0));
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            SamplingOptions options = SamplingOptions.seeded(r + 2);
            rates[r] = names / BenchReport.seconds(() -> sampler.sample(names, options));
        }
        report.median("sample_names_per_s", "sampling " + names + " names in batches, names/s", rates);
    }

    /** Time to quality with the preset, then a cold-start sample from that run, in child JVMs. */
    private void childMeasurements(BenchReport report, ChildRuns children) throws IOException, InterruptedException {
        boolean trainedRun = false;
        if (!skip.contains("quality")) {
            List<String> args = new ArrayList<>(List.of("--config", qualityConfig.toString()));
            config.overrides().stream().filter(o -> o.startsWith("data.")).forEach(o -> args.addAll(List.of("--set", o)));
            ChildRuns.Quality q = children.trainUntil("quality", target, args);
            trainedRun = q.exitCode() == 0;
            report.put("quality_config", qualityConfig.toString());
            report.put("quality_target", target);
            report.put("quality_seconds", q.seconds());
            report.put("quality_step", q.step());
            report.put("quality_best_val", q.bestVal());
            report.put("quality_run_seconds", q.total());
            report.line("%-55s %10s", "time from launch to val loss <= " + target + " (" + qualityConfig + "), s",
                    Double.isNaN(q.seconds()) ? "not reached (best " + q.bestVal() + ", exit " + q.exitCode() + ")"
                            : String.format(Locale.ROOT, "%.1f (step %d; whole run %.1f s)", q.seconds(), q.step(), q.total()));
            if (!trainedRun) {
                report.line("the quality run failed:%n%s", children.tail("quality"));
            }
        }
        if (!skip.contains("cold")) {
            if (!trainedRun) {
                report.line("time to first sample: skipped (needs the --quality-config run)");
                return;
            }
            report.median("cold_sample_seconds", "time from launch to a first sample (cold JVM), s",
                    children.coldSamples("quality", Math.min(reps, 3)));
        }
    }
}
