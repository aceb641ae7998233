package io.makemore4j.model.transformer;

import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.SequenceSampler;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.train.GraphStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Training-throughput probe (not a unit test) of the Transformer at makemore.py's sizes (4 layers,
 * 4 heads, 64 channels, block size 16) and recipe (AdamW 5e-4, betas 0.9/0.99, weight decay 0.01),
 * batches of 32 whole names drawn as {@link SequenceSampler} draws them, the training step of
 * {@code train} ({@link GraphStep}). The counterpart of {@code bench/makemore_transformer.py}:
 * {@code java -cp <test-classes>:<classes>:<deps> io.makemore4j.model.transformer.TransformerThroughput NAMES [seconds] [reps]}
 * with {@code OMP_NUM_THREADS=1}. Prints the median steps/s over the repetitions after an 8 s warm-up,
 * by wall clock and by this thread's CPU time.
 */
public final class TransformerThroughput {

    private TransformerThroughput() {
    }

    public static void main(String[] args) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                names.add(line.trim());
            }
        }
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Vocabulary vocabulary = Vocabulary.of(names);
        ComputationGraph g = TransformerModel.build(new TransformerModel.Sizes(16, 4, 4, 64, 0.0), vocabulary.size(),
                new GraphSettings(new Adam(5e-4, 0.9, 0.99, 1e-8), 0.01, 3407, DataType.FLOAT));
        SequenceSampler batches = new SequenceSampler(names, vocabulary, 32, 16, 3407);
        GraphStep fit = new GraphStep(g);
        long[] step = {0};
        Runnable one = () -> {
            ItemBatch b = batches.batch(step[0]++);
            fit.fit(new MultiDataSet(new INDArray[] {b.tokens()}, new INDArray[] {b.targets()}, new INDArray[] {b.mask()}, null));
        };
        window(one, 8);
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        for (int r = 0; r < reps; r++) {
            double[] w = window(one, seconds);
            wall[r] = w[0];
            cpu[r] = w[1];
        }
        System.out.printf("makemore4j Transformer (%,d parameters), batch 32: %.1f steps/s (%.1f per CPU second); runs %s%n",
                g.numParams(), median(wall), median(cpu), Arrays.toString(wall));
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
