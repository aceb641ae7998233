package io.makemore4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.eval.ItemEvaluator;
import io.makemore4j.eval.SplitEvaluator;
import io.makemore4j.model.ModelFactory;
import io.makemore4j.sample.ContextSampler;
import io.makemore4j.sample.DilatedSampler;
import io.makemore4j.sample.Sampler;
import io.makemore4j.sample.SamplingOptions;
import io.makemore4j.train.GraphStep;
import io.makemore4j.train.Trainer;
import io.makemore4j.train.TrainingBatches;
import io.makemore4j.train.Updaters;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (trainSteps < 1 || reps < 1 || names < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--train-steps, --reps and --names must be positive");
        }
        List<String> overrides = new ArrayList<>(config.overrides());
        overrides.add("train.steps=" + trainSteps);
        overrides.add("model.type=flatten");
        overrides.add("model.fused=true");
        Config cfg = ConfigLoader.load(config.file(), overrides);
        ModelConfig flat = cfg.model();
        if (flat.gated() || flat.residual() || flat.skip() || flat.dropout() > 0) {
            throw new BadInputException("bench-dilated compares models without model.gated, model.residual, model.skip "
                    + "and model.dropout (the flatten model has none of them)");
        }
        ModelConfig dil = new ModelConfig(ModelConfig.DILATED, flat.blockSize(), flat.nEmbd(), flat.nHidden(), flat.flatten(),
                flat.batchNorm(), flat.activation(), true);
        PreparedData data = PreparedData.load(cfg.data(), flat.blockSize());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", BenchCommand.machine());
        results.put("config", config.file().toString());
        results.put("overrides", config.overrides());
        out.printf(Locale.ROOT, "machine: %s%n", results.get("machine"));
        out.printf(Locale.ROOT, "config %s %s: block size %d, flatten %s; median of %d repetitions%n",
                config.file(), config.overrides(), flat.blockSize(), flat.flatten(), reps);

        ComputationGraph flatten = ModelFactory.build(flat, data.vocabulary().size(), Updaters.of(cfg.train()),
                cfg.train().seed(), DataType.FLOAT);
        Trainer.Batches batches = TrainingBatches.of(flat, cfg.train(), data);
        GraphStep step = new GraphStep(flatten);
        long t0 = System.nanoTime();
        for (int s = 0; s < trainSteps; s++) {
            step.fit(batches.batch(s));
        }
        out.printf(Locale.ROOT, "trained the flatten model %d steps (%.1f s)%n", trainSteps, (System.nanoTime() - t0) / 1e9);
        ComputationGraph dilated = ModelFactory.build(dil, data.vocabulary().size(), Updaters.of(cfg.train()),
                cfg.train().seed(), DataType.FLOAT);
        dilated.setParams(flatten.params());   // the same parameters, in the same order

        Evaluator flatEval = new SplitEvaluator(flatten);
        Evaluator dilEval = new ItemEvaluator(dilated);
        double flatVal = flatEval.loss(data.val());
        double dilVal = dilEval.loss(data.val());
        out.printf(Locale.ROOT, "validation loss: flatten %.5f, dilated %.5f (the same weights)%n", flatVal, dilVal);
        results.put("val_flatten", flatVal);
        results.put("val_dilated", dilVal);
        if (Math.abs(flatVal - dilVal) > 1e-4) {
            throw new IllegalStateException("the dilated model does not reproduce the flatten model's loss");
        }

        long positions = data.train().rows().size() + data.val().rows().size() + data.test().rows().size();
        double[][] eval = new double[2][reps];
        flatEval.evaluate(data);   // warm-up
        dilEval.evaluate(data);
        for (int r = 0; r < reps; r++) {
            eval[0][r] = positions / time(() -> flatEval.evaluate(data));
            eval[1][r] = positions / time(() -> dilEval.evaluate(data));
        }
        BenchCommand.report(out, results, "eval_flatten", "evaluation of all splits, flatten, positions/s", eval[0]);
        BenchCommand.report(out, results, "eval_dilated", "evaluation of all splits, dilated, positions/s", eval[1]);
        BenchCommand.report(out, results, "eval_ratio", "  ratio dilated / flatten", ratios(eval[1], eval[0]));

        int maxLength = cfg.data().maxLength();
        Sampler flatSampler = new ContextSampler(flatten, data.vocabulary(), flat.blockSize(), maxLength);
        Sampler dilSampler = new DilatedSampler(dilated, data.vocabulary(), maxLength);
        List<String> a = flatSampler.sample(names, SamplingOptions.seeded(1));   // warm-up, and the same draws?
        List<String> b = dilSampler.sample(names, SamplingOptions.seeded(1));
        int same = 0;
        for (int i = 0; i < names; i++) {
            same += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        out.printf(Locale.ROOT, "the same %d names from both with seed 1: %d (%.1f%%; float rounding can flip a rare draw)%n",
                names, same, 100.0 * same / names);
        results.put("same_names_fraction", (double) same / names);
        double[][] sample = new double[2][reps];
        for (int r = 0; r < reps; r++) {
            SamplingOptions o = SamplingOptions.seeded(r + 2);
            sample[0][r] = names / time(() -> flatSampler.sample(names, o));
            sample[1][r] = names / time(() -> dilSampler.sample(names, o));
        }
        BenchCommand.report(out, results, "sample_flatten", "sampling " + names + " names, flatten, names/s", sample[0]);
        BenchCommand.report(out, results, "sample_dilated", "sampling " + names + " names, dilated, names/s", sample[1]);
        BenchCommand.report(out, results, "sample_ratio", "  ratio dilated / flatten", ratios(sample[1], sample[0]));
        if (json != null) {
            Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results),
                    StandardCharsets.UTF_8);
        }
        return ExitCodes.OK;
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Per-repetition ratios: each pair was measured back to back. */
    private static double[] ratios(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / b[i];
        }
        return out;
    }
}
