package io.makemore4j.sample;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.ItemSampler;
import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Rough sampling-throughput probe (not a unit test): names per second of the default-size dilated
 * model with the incremental {@link DilatedSampler} ({@code inc}) or the full-pass
 * {@link FullPassSampler} ({@code full}), after a warm-up. The model is untrained (items run
 * long: about 23 characters on average, up to 64), or trained first for the given number of Adam
 * steps (batches of about 32 positions) on {@code datasets/names.txt}. Run with OMP_NUM_THREADS=1, e.g.
 * {@code java -cp <test-classes>:<classes>:<deps> io.makemore4j.sample.SamplingThroughput inc 4096 [steps]}.
 */
public final class SamplingThroughput {

    private SamplingThroughput() {
    }

    /** Prints names/s (thread CPU time and wall clock) of three repetitions. */
    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "inc";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        ModelConfig m = new ModelConfig(ModelKind.DILATED, 8, 10, 128, List.of(2, 2, 2), true, Activation.TANH, true);
        Vocabulary vocabulary = Vocabulary.of(List.of("abcdefghijklmnopqrstuvwxyz"));
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        ComputationGraph g = TestGraphs.build(m, vocabulary.size(), new Adam(0.003), 42, DataType.FLOAT);
        if (steps > 0) {
            List<String> names;
            try {
                names = Files.readAllLines(Path.of("datasets/names.txt"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ItemSampler batches = new ItemSampler(names, vocabulary, 32, 42, ItemSampler.Mode.ALL);
            for (int step = 0; step < steps; step++) {
                ItemBatch b = batches.batch(step);
                g.fit(new MultiDataSet(new INDArray[] {b.tokens()}, new INDArray[] {b.targets()}, new INDArray[] {b.mask()}, null));
            }
        }
        Sampler sampler = kind.equals("full") ? new FullPassSampler(g, vocabulary, 64) : new DilatedSampler(g, vocabulary, 64);
        sampler.sample(n, SamplingOptions.seeded(1));
        measure(sampler, kind, n);
    }

    /** Three timed rounds of {@code n} samples (after the caller's warm-up), printed as names per CPU and wall second. */
    static void measure(Sampler sampler, String kind, int n) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < 3; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            List<String> items = sampler.sample(n, SamplingOptions.seeded(r + 2));
            double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            double wall = (System.nanoTime() - t0) / 1e9;
            double length = items.stream().mapToInt(String::length).average().orElse(0);
            // with OMP_NUM_THREADS=1 the native ops run on this thread, so CPU time discounts a busy machine
            System.out.printf("%s, %d names: %.0f names/s of this thread's CPU time, %.0f names/s wall, mean length %.1f%n",
                    kind, n, n / cpu, n / wall, length);
        }
    }
}
