package io.makemore4j.sample;

import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Sampling-throughput probe (not a unit test) of a trained Transformer checkpoint: names per second
 * with the key/value cache ({@link TransformerSteps}, {@code inc}) or full passes of the graph
 * ({@link FullPassSampler}, {@code full}), items of up to 15 characters, after a warm-up. Run with
 * {@code OMP_NUM_THREADS=1 java -cp <test-classes>:<jar> io.makemore4j.sample.TransformerSamplingThroughput CHECKPOINT_ZIP NAMES inc|full [n]}
 * (the names file gives the vocabulary, as the run's corpus did).
 */
public final class TransformerSamplingThroughput {

    private TransformerSamplingThroughput() {
    }

    public static void main(String[] args) throws IOException {
        ComputationGraph g = ModelSerializer.restoreComputationGraph(new File(args[0]), false);
        List<String> names = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        Vocabulary vocabulary = Vocabulary.of(names);
        String kind = args[2];
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 4096;
        Sampler sampler = kind.equals("full") ? new FullPassSampler(g, vocabulary, 15)
                : new IncrementalSampler(new TransformerSteps(g), vocabulary, 15);
        sampler.sample(Math.min(n, 1024), SamplingOptions.seeded(1));
        SamplingThroughput.measure(sampler, kind, n);
    }
}
