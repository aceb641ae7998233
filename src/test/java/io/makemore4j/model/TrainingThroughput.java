package io.makemore4j.model;

import io.makemore4j.config.ModelConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/**
 * Rough training-throughput probe (not a unit test): SGD steps per second of the default model at
 * batch 32 on random data. Run with OMP_NUM_THREADS=1, e.g.
 * {@code java -cp <test-classes>:<classes>:<deps> io.makemore4j.model.TrainingThroughput [steps] [batch]}.
 */
public final class TrainingThroughput {

    private TrainingThroughput() {
    }

    /** Prints steps/s (wall clock and thread CPU time) after a warm-up. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        if (Boolean.getBoolean("noPeriodicGc")) {
            org.nd4j.linalg.factory.Nd4j.getMemoryManager().togglePeriodicGc(false);
        }
        ModelConfig m = TestModels.hierarchical();
        ComputationGraph g = TestGraphs.build(m, TestModels.VOCAB, 42);
        Random rnd = new Random(42);
        int pool = 64;
        INDArray[] xs = new INDArray[pool];
        INDArray[] ys = new INDArray[pool];
        for (int i = 0; i < pool; i++) {
            xs[i] = TestModels.contexts(rnd, batch, m.blockSize(), TestModels.VOCAB, DataType.FLOAT);
            ys[i] = TestModels.labels(rnd, batch, TestModels.VOCAB, DataType.FLOAT);
        }
        for (int i = 0; i < 500; i++) {
            g.fit(new INDArray[] {xs[i % pool]}, new INDArray[] {ys[i % pool]});
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            g.fit(new INDArray[] {xs[i % pool]}, new INDArray[] {ys[i % pool]});
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        // with OMP_NUM_THREADS=1 the native ops run on this thread, so CPU time discounts a busy machine
        System.out.printf("%d steps, batch %d: %.1f steps/s wall, %.1f steps/s of this thread's CPU time (score %.4f)%n",
                steps, batch, steps / s, steps / cpu, g.score());
    }
}
