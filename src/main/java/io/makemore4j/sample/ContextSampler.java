package io.makemore4j.sample;

import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.OutputBudget;
import io.makemore4j.eval.SplitEvaluator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@link Sampler} of the flatten model: autoregressive, seeded sampling of new items, many at once: each character step is one forward
 * pass over the distinct contexts of the batch's unfinished items (the model in inference mode),
 * then one draw per unfinished item.
 * An item ends when the model emits the boundary token, or at {@code maxLength} characters.
 */
public final class ContextSampler implements Sampler {

    /** Items sampled together in one batch (fewer for a large vocabulary: {@link #batchSize}). */
    static final int BATCH = 1024;

    private final ComputationGraph graph;
    private final Vocabulary vocabulary;
    private final int blockSize;
    private final int maxLength;

    public ContextSampler(ComputationGraph graph, Vocabulary vocabulary, int blockSize, int maxLength) {
        this.graph = graph;
        this.vocabulary = vocabulary;
        this.blockSize = blockSize;
        this.maxLength = maxLength;
    }

    /**
     * Draws {@code n} items.
     *
     * @throws io.makemore4j.config.BadInputException if the prefix has characters outside the vocabulary
     */
    @Override
    public List<String> sample(int n, SamplingOptions options) {
        int[] prefix = vocabulary.encode(options.prefix());
        SplittableRandom random = new SplittableRandom(options.seed());
        List<String> items = new ArrayList<>(n);
        int batch = batchSize(vocabulary.size(), blockSize);
        for (int done = 0; done < n; done += batch) {
            items.addAll(sampleBatch(Math.min(batch, n - done), prefix, options, random));
        }
        return items;
    }

    private List<String> sampleBatch(int n, int[] prefix, SamplingOptions options, SplittableRandom random) {
        int[][] contexts = new int[n][blockSize];                 // boundary-padded, as in training
        StringBuilder[] text = new StringBuilder[n];
        boolean[] finished = new boolean[n];
        for (int i = 0; i < n; i++) {
            text[i] = new StringBuilder(options.prefix());
            for (int ix : prefix) {
                push(contexts[i], ix);
            }
        }
        float[] flat = new float[n * blockSize];
        int[] rowOf = new int[n];                                 // item -> its context's row in the batch
        Map<String, Integer> seen = new HashMap<>();
        float[] row = new float[vocabulary.size()];
        double[] weights = new double[vocabulary.size()];
        int length = prefix.length;
        int active = n;
        while (active > 0 && length < maxLength) {
            // one forward pass over the distinct contexts of the unfinished items (early steps share
            // most contexts: all items start from the same one)
            int k = 0;
            seen.clear();
            for (int i = 0; i < n; i++) {
                if (!finished[i]) {
                    Integer at = seen.putIfAbsent(key(contexts[i]), k);
                    if (at == null) {
                        for (int t = 0; t < blockSize; t++) {
                            flat[k * blockSize + t] = contexts[i][t];
                        }
                        at = k++;
                    }
                    rowOf[i] = at;
                }
            }
            INDArray features = Nd4j.createFromArray(Arrays.copyOf(flat, k * blockSize)).reshape(k, blockSize);
            INDArray out = graph.output(false, features)[0];      // (k, vocab)
            int vocab = (int) out.size(1);
            float[] probs = SplitEvaluator.values(out);           // (k * vocab), row-major
            for (int i = 0; i < n; i++) {                         // draws in item order, as before
                if (finished[i]) {
                    continue;
                }
                System.arraycopy(probs, rowOf[i] * vocab, row, 0, vocab);
                int ix = draw(row, weights, options, random);
                if (ix == Vocabulary.BOUNDARY) {
                    finished[i] = true;
                    active--;
                } else {
                    text[i].append(vocabulary.decode(ix));
                    push(contexts[i], ix);
                }
            }
            length++;
        }
        List<String> items = new ArrayList<>(n);
        for (StringBuilder sb : text) {
            items.add(sb.toString());
        }
        return items;
    }

    /**
     * Items sampled together: {@link #BATCH}, fewer when their outputs (vocabulary) or their contexts
     * ({@code blockSize} each) would pass the {@link OutputBudget}.
     */
    static int batchSize(int vocabulary, int blockSize) {
        return Math.max(1, Math.min(OutputBudget.rows(vocabulary, BATCH), OutputBudget.FLOATS / blockSize));   // contexts too
    }

    /** One draw from {@code p} reshaped by temperature (p^(1/T), renormalised) and top-k. */
    static int draw(float[] p, double[] weights, SamplingOptions options, SplittableRandom random) {
        double cutoff = 0;
        if (options.topK() > 0 && options.topK() < p.length) {
            float[] sorted = p.clone();
            Arrays.sort(sorted);
            cutoff = sorted[p.length - options.topK()];
        }
        double total = 0;
        for (int j = 0; j < p.length; j++) {
            double w = p[j] < cutoff || p[j] <= 0 ? 0
                    : options.temperature() == 1.0 ? p[j] : Math.exp(Math.log(p[j]) / options.temperature());
            weights[j] = w;
            total += w;
        }
        if (!(total > 0)) {   // all mass underflowed at a very low temperature: take the most likely
            int best = 0;
            for (int j = 1; j < p.length; j++) {
                best = p[j] > p[best] ? j : best;
            }
            return best;
        }
        double u = random.nextDouble() * total;
        for (int j = 0; j < p.length; j++) {
            u -= weights[j];
            if (u < 0 && weights[j] > 0) {
                return j;
            }
        }
        for (int j = p.length - 1; j >= 0; j--) {   // rounding: the last character with weight
            if (weights[j] > 0) {
                return j;
            }
        }
        return Vocabulary.BOUNDARY;
    }

    private static String key(int[] context) {
        return Arrays.toString(context);
    }

    private static void push(int[] context, int ix) {
        System.arraycopy(context, 1, context, 0, context.length - 1);
        context[context.length - 1] = ix;
    }
}
