package io.makemore4j.cli;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.ModelKind;
import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.family.ModelType;
import io.makemore4j.model.ModelConverter;
import io.makemore4j.sample.Sampler;
import io.makemore4j.sample.SamplingOptions;
import io.makemore4j.train.GraphStep;
import io.makemore4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bench-dilated}: the dilated model against the flatten model with the same weights. Trains
 * the flatten model of the config briefly (so that samples are name-like), copies its weights into
 * the dilated model of the same keys, checks that both give the same losses, then measures, taking
 * turns, full-split evaluation (positions/s) and batched sampling (names/s) of each, and prints the
 * medians and their ratios.
 */
@Command(name = "bench-dilated", mixinStandardHelpOptions = true,
        description = "Compare evaluation and sampling speed of the dilated and the flatten model with the same weights.")
public final class DilatedBenchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--train-steps", paramLabel = "N", defaultValue = "3000",
            description = "Steps of the flatten model trained first (default: ${DEFAULT-VALUE}).")
    int trainSteps;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "5", description = "Repetitions of each measurement (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--names", paramLabel = "N", defaultValue = "4096", description = "Names sampled per repetition (default: ${DEFAULT-VALUE}).")
    int names;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to this JSON file.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (trainSteps < 1 || reps < 1 || names < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--train-steps, --reps and --names must be positive");
        }
        List<String> overrides = new ArrayList<>(config.overrides());
        overrides.addAll(List.of("train.steps=" + trainSteps, "model.type=flatten", "model.fused=true"));
        Config flat = ConfigLoader.load(config.file(), overrides);
        ModelConfig m = flat.model();
        if (m.gated() || m.residual() || m.skip() || m.dropout() > 0) {
            throw new BadInputException("bench-dilated compares models without model.gated, model.residual, model.skip "
                    + "and model.dropout (the flatten model has none of them)");
        }
        Config dil = new Config(flat.data(), ModelConverter.as(m, ModelKind.DILATED), flat.train(), flat.checkpoint());
        PreparedData data = PreparedData.load(flat.data(), m.blockSize());
        BenchReport report = new BenchReport(spec.commandLine().getOut(), config.file(), config.overrides());
        report.line("config %s %s: block size %d, flatten %s; median of %d repetitions",
                config.file(), config.overrides(), m.blockSize(), m.flatten(), reps);

        ModelType flatType = ModelFamily.of(ModelKind.FLATTEN);
        ModelType dilType = ModelFamily.of(ModelKind.DILATED);
        ComputationGraph flatten = ModelFamily.build(flat, data.vocabulary().size());
        GraphStep step = new GraphStep(flatten);
        Trainer.Batches batches = flatType.batches(flat, data);
        double seconds = BenchReport.seconds(() -> {
            for (int s = 0; s < trainSteps; s++) {
                step.fit(batches.batch(s));
            }
        });
        report.line("trained the flatten model %d steps (%.1f s)", trainSteps, seconds);
        ComputationGraph dilated = ModelFamily.build(dil, data.vocabulary().size());
        dilated.setParams(flatten.params());   // the same parameters, in the same order

        evaluation(report, flatType.evaluator(flatten, flat, data), dilType.evaluator(dilated, dil, data), data);
        sampling(report, flatType.sampler(flatten, flat, data.vocabulary()), dilType.sampler(dilated, dil, data.vocabulary()));
        report.writeJson(json);
        return ExitCodes.OK;
    }

    /** Checks that both give the same validation loss, then times full-split evaluation of each in turns. */
    private void evaluation(BenchReport report, Evaluator flatEval, Evaluator dilEval, PreparedData data) {
        double flatVal = flatEval.loss(data.val());
        double dilVal = dilEval.loss(data.val());
        report.line("validation loss: flatten %.5f, dilated %.5f (the same weights)", flatVal, dilVal);
        report.put("val_flatten", flatVal);
        report.put("val_dilated", dilVal);
        if (Math.abs(flatVal - dilVal) > 1e-4) {
            throw new IllegalStateException("the dilated model does not reproduce the flatten model's loss");
        }
        long positions = data.train().rows().size() + data.val().rows().size() + data.test().rows().size();
        double[][] eval = new double[2][reps];
        flatEval.evaluate(data);   // warm-up
        dilEval.evaluate(data);
        for (int r = 0; r < reps; r++) {
            eval[0][r] = positions / BenchReport.seconds(() -> flatEval.evaluate(data));
            eval[1][r] = positions / BenchReport.seconds(() -> dilEval.evaluate(data));
        }
        report.median("eval_flatten", "evaluation of all splits, flatten, positions/s", eval[0]);
        report.median("eval_dilated", "evaluation of all splits, dilated, positions/s", eval[1]);
        report.median("eval_ratio", "  ratio dilated / flatten", BenchReport.ratios(eval[1], eval[0]));
    }

    /** Counts the names both draw alike for one seed, then times batched sampling of each in turns. */
    private void sampling(BenchReport report, Sampler flatSampler, Sampler dilSampler) {
        List<String> a = flatSampler.sample(names, SamplingOptions.seeded(1));   // warm-up, and the same draws?
        List<String> b = dilSampler.sample(names, SamplingOptions.seeded(1));
        int same = 0;
        for (int i = 0; i < names; i++) {
            same += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        report.line("the same %d names from both with seed 1: %d (%.1f%%; float rounding can flip a rare draw)",
                names, same, 100.0 * same / names);
        report.put("same_names_fraction", (double) same / names);
        double[][] sample = new double[2][reps];
        for (int r = 0; r < reps; r++) {
            SamplingOptions o = SamplingOptions.seeded(r + 2);
            sample[0][r] = names / BenchReport.seconds(() -> flatSampler.sample(names, o));
            sample[1][r] = names / BenchReport.seconds(() -> dilSampler.sample(names, o));
        }
        report.median("sample_flatten", "sampling " + names + " names, flatten, names/s", sample[0]);
        report.median("sample_dilated", "sampling " + names + " names, dilated, names/s", sample[1]);
        report.median("sample_ratio", "  ratio dilated / flatten", BenchReport.ratios(sample[1], sample[0]));
    }
}
