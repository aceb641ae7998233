package io.makemore4j.sample;

import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link Sampler} of the dilated model, incremental ("Fast WaveNet"): each new character costs one
 * new row per layer for every distinct prefix among the unfinished items ({@link DilatedSteps}),
 * where a full pass of the graph over the items so far costs a row per position and item. Draws
 * exactly as {@link ContextSampler} (the same {@code draw}, items in item order, one random stream
 * over the batches of {@link ContextSampler#batchSize} items, the same prefix and length rules), so a
 * seed gives the same items as sampling with full passes of the graph, up to float rounding.
 *
 * <p>The weights are read from the graph when the sampler is made. Not thread-safe: a sampler
 * reuses its buffers from one call to the next.
 */
public final class DilatedSampler implements Sampler {

    private final DilatedSteps steps;
    private final Vocabulary vocabulary;
    private final int maxLength;
    private DilatedSteps.State state;         // kept for the next call

    /**
     * A sampler of a dilated model's graph (in inference mode: batch norm from its running statistics,
     * no dropout).
     *
     * @param maxLength items end at this many characters (the prefix included)
     */
    public DilatedSampler(ComputationGraph graph, Vocabulary vocabulary, int maxLength) {
        this.steps = new DilatedSteps(graph);
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
        if (steps.vocabularySize() != vocabulary.size()) {
            throw new IllegalArgumentException("the graph predicts " + steps.vocabularySize() + " characters, the vocabulary has "
                    + vocabulary.size());
        }
    }

    @Override
    public List<String> sample(int n, SamplingOptions options) {
        int[] prefix = vocabulary.encode(options.prefix());
        SplittableRandom random = new SplittableRandom(options.seed());
        List<String> items = new ArrayList<>(n);
        int batch = ContextSampler.batchSize(vocabulary.size(), 1);   // no context arrays: incremental state
        if (n > 0 && (state == null || state.capacity() < Math.min(batch, n))) {
            state = steps.state(Math.min(batch, n));
        }
        for (int done = 0; done < n; done += batch) {
            items.addAll(sampleBatch(state, Math.min(batch, n - done), prefix, options, random));
        }
        return items;
    }

    private List<String> sampleBatch(DilatedSteps.State state, int n, int[] prefix, SamplingOptions options,
                                     SplittableRandom random) {
        StringBuilder[] text = new StringBuilder[n];
        int[] order = new int[n];                 // the unfinished items, in item order
        int[] tokens = new int[n];                // their next characters
        for (int i = 0; i < n; i++) {
            text[i] = new StringBuilder(options.prefix());
            order[i] = i;
        }
        float[] row = new float[vocabulary.size()];
        double[] weights = new double[vocabulary.size()];
        state.start(n, prefix);                   // row b: item b
        int length = prefix.length;
        int active = n;
        while (active > 0 && length < maxLength) {
            int next = 0;
            for (int b = 0; b < active; b++) {    // draws in item order
                int i = order[b];
                state.probabilities(b, row);
                int ix = ContextSampler.draw(row, weights, options, random);
                if (ix != Vocabulary.BOUNDARY) {
                    text[i].append(vocabulary.decode(ix));
                    order[next] = i;
                    tokens[next++] = ix;
                }
            }
            active = next;
            length++;
            if (active > 0 && length < maxLength) {
                state.advance(order, tokens, active);   // row b: item order[b]
            }
        }
        List<String> items = new ArrayList<>(n);
        for (StringBuilder sb : text) {
            items.add(sb.toString());
        }
        return items;
    }
}
