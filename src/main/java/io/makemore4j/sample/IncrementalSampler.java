package io.makemore4j.sample;

import io.makemore4j.data.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link Sampler} of a {@link StepModel}: each new character is one step of the model's state for
 * the unfinished items. Draws exactly as {@link ContextSampler} (the same {@code draw}, items in item
 * order, one random stream over the batches of {@link ContextSampler#batchSize} items, the same prefix
 * and length rules), so a seed gives the items that sampling with full passes of the model gives, up
 * to float rounding. Not thread-safe: a sampler keeps its state from one call to the next.
 */
public final class IncrementalSampler implements Sampler {

    private final StepModel model;
    private final Vocabulary vocabulary;
    private final int maxLength;
    private StepModel.State state;            // kept for the next call

    /**
     * @param maxLength items end at this many characters (the prefix included)
     * @throws IllegalArgumentException if the model predicts another number of characters than the vocabulary has
     */
    public IncrementalSampler(StepModel model, Vocabulary vocabulary, int maxLength) {
        if (model.vocabularySize() != vocabulary.size()) {
            throw new IllegalArgumentException("the model predicts " + model.vocabularySize() + " characters, the vocabulary has "
                    + vocabulary.size());
        }
        this.model = model;
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
    }

    @Override
    public List<String> sample(int n, SamplingOptions options) {
        int[] prefix = vocabulary.encode(options.prefix());
        SplittableRandom random = new SplittableRandom(options.seed());
        List<String> items = new ArrayList<>(n);
        int size = ContextSampler.batchSize(vocabulary.size(), 1);   // rows x vocabulary within the output budget (no context arrays)
        int batch = Math.min(size, n);
        if (n > 0 && (state == null || state.capacity() < batch)) {
            state = model.state(batch);
        }
        for (int done = 0; done < n; done += size) {
            items.addAll(sampleBatch(Math.min(size, n - done), prefix, options, random));
        }
        return items;
    }

    private List<String> sampleBatch(int n, int[] prefix, SamplingOptions options, SplittableRandom random) {
        StringBuilder[] text = new StringBuilder[n];
        int[] order = new int[n];                 // the unfinished items, in item order
        int[] tokens = new int[n];                // their next characters
        for (int i = 0; i < n; i++) {
            text[i] = new StringBuilder(options.prefix());
            order[i] = i;
        }
        float[] row = new float[vocabulary.size()];
        double[] weights = new double[vocabulary.size()];
        int length = prefix.length;
        int active = n;
        if (length < maxLength) {
            state.start(n, prefix);               // row b: item b
        }
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
