package io.makemore4j.family;

import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.train.GraphStep;
import io.makemore4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Training-throughput probe (not a unit test) of {@code config/transformer.yaml} set to makemore.py's
 * model and recipe (4 layers, 4 heads, 64 channels, block size 16, no dropout; AdamW at a constant
 * 5e-4, betas 0.9/0.99, weight decay 0.01), batches of 32 whole names, through what {@code train} runs: the registry's graph and
 * batches ({@link ModelFamily}) and the training step ({@link GraphStep}). The counterpart of
 * {@code bench/makemore_transformer.py}; run by {@code bench/transformer_compare.sh}, or
 * {@code java -cp <test-classes>:<jar> io.makemore4j.family.TransformerThroughput NAMES [seconds] [reps]}
 * with {@code OMP_NUM_THREADS=1}. Prints the median steps/s over the repetitions after an 8 s warm-up,
 * by wall clock and by this thread's CPU time.
 */
public final class TransformerThroughput {

    private TransformerThroughput() {
    }

    public static void main(String[] args) {
        // makemore.py's model and recipe: no dropout, a constant 5e-4
        Config config = ConfigLoader.load(Path.of("config/transformer.yaml"), List.of("data.path=" + args[0], "model.dropout=0",
                "train.lr=0.0005", "train.schedule=constant"));
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        PreparedData data = PreparedData.load(config.data(), config.model().blockSize());
        ComputationGraph g = ModelFamily.build(config, data.vocabulary().size());
        Trainer.Batches batches = ModelFamily.of(config.model().type()).batches(config, data);
        GraphStep fit = new GraphStep(g);
        long[] step = {0};
        Runnable one = () -> fit.fit(batches.batch(step[0]++));
        window(one, 8);
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        for (int r = 0; r < reps; r++) {
            double[] w = window(one, seconds);
            wall[r] = w[0];
            cpu[r] = w[1];
        }
        System.out.printf("makemore4j Transformer (%,d parameters), batch 32: %.1f steps/s (%.1f per CPU second)%n",
                g.numParams(), median(wall), median(cpu));
    }
    private static double[] window(Runnable step, double seconds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - t0 < seconds * 1e9) {
            step.run();
            n++;
        }
        return new double[] {n / ((System.nanoTime() - t0) / 1e9), n / ((mx.getCurrentThreadCpuTime() - c0) / 1e9)};
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
