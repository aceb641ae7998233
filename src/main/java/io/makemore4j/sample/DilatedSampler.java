package io.makemore4j.sample;

import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/**
 * {@link Sampler} of the dilated model, incremental ("Fast WaveNet"): each new character costs one
 * new row per layer for every distinct prefix among the unfinished items ({@link DilatedSteps}),
 * where a full pass of the graph over the items so far costs a row per position and item. Draws
 * as every {@link IncrementalSampler} (exactly as {@link ContextSampler}), so a seed gives the same
 * items as sampling with full passes of the graph, up to float rounding.
 *
 * <p>The weights are read from the graph when the sampler is made. Not thread-safe: a sampler
 * reuses its buffers from one call to the next.
 */
public final class DilatedSampler implements Sampler {

    private final IncrementalSampler sampler;

    /**
     * A sampler of a dilated model's graph (in inference mode: batch norm from its running statistics,
     * no dropout).
     *
     * @param maxLength items end at this many characters (the prefix included)
     */
    public DilatedSampler(ComputationGraph graph, Vocabulary vocabulary, int maxLength) {
        this.sampler = new IncrementalSampler(new DilatedSteps(graph), vocabulary, maxLength);
    }

    @Override
    public List<String> sample(int n, SamplingOptions options) {
        return sampler.sample(n, options);
    }
}
