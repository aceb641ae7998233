package io.makemore4j.sample;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.model.ModelFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Rough sampling-throughput probe (not a unit test): names per second of the default-size dilated
 * model (untrained, so items run long: about 23 characters on average, up to 64), with the
 * incremental {@link DilatedSampler} ({@code inc}) or the full-pass {@link FullPassDilatedSampler}
 * ({@code full}), after a warm-up. Run with OMP_NUM_THREADS=1, e.g.
 * {@code java -cp <test-classes>:<classes>:<deps> io.makemore4j.sample.SamplingThroughput inc 4096}.
 */
public final class SamplingThroughput {

    private SamplingThroughput() {
    }

    /** Prints names/s (thread CPU time and wall clock) of three repetitions. */
    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "inc";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        ModelConfig m = new ModelConfig("dilated", 8, 10, 128, List.of(2, 2, 2), true, "tanh", true);
        Vocabulary vocabulary = Vocabulary.of(List.of("abcdefghijklmnopqrstuvwxyz"));
        ComputationGraph g = ModelFactory.build(m, vocabulary.size(), 42);
        Sampler sampler = kind.equals("full") ? new FullPassDilatedSampler(g, vocabulary, 64) : new DilatedSampler(g, vocabulary, 64);
        sampler.sample(n, SamplingOptions.seeded(1));
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
