package io.makemore4j.sample;

import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.SplitEvaluator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The test oracle of the incremental samplers ({@link DilatedSampler}, {@link IncrementalSampler} over
 * {@link GraphSteps}) for any graph over whole items ({@code (items, T)} tokens and mask in,
 * {@code (items*T, vocab)} out): at each character step, one full forward pass of the graph over the
 * unfinished items so far, reading the prediction at each item's last position ({@code O(length)}
 * rows per character). It was the dilated model's first sampler.
 */
final class FullPassSampler implements Sampler {

    private final ComputationGraph graph;
    private final Vocabulary vocabulary;
    private final int maxLength;

    FullPassSampler(ComputationGraph graph, Vocabulary vocabulary, int maxLength) {
        this.graph = graph;
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
    }

    @Override
    public List<String> sample(int n, SamplingOptions options) {
        int[] prefix = vocabulary.encode(options.prefix());
        SplittableRandom random = new SplittableRandom(options.seed());
        List<String> items = new ArrayList<>(n);
        for (int done = 0; done < n; done += ContextSampler.BATCH) {
            items.addAll(sampleBatch(Math.min(ContextSampler.BATCH, n - done), prefix, options, random));
        }
        return items;
    }

    private List<String> sampleBatch(int n, int[] prefix, SamplingOptions options, SplittableRandom random) {
        int[][] text = new int[n][];
        for (int i = 0; i < n; i++) {
            text[i] = prefix.clone();
        }
        boolean[] finished = new boolean[n];
        float[] row = new float[vocabulary.size()];
        double[] weights = new double[vocabulary.size()];
        int length = prefix.length;
        int active = n;
        while (active > 0 && length < maxLength) {
            int[] order = new int[active];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (!finished[i]) {
                    order[k++] = i;
                }
            }
            ItemBatch batch = ItemBatch.of(text, order, 0, k);         // (k, length + 1), all of one length
            INDArray out = graph.output(false, new INDArray[] {batch.tokens()}, new INDArray[] {batch.mask()})[0];
            int vocab = (int) out.size(1);                              // (k*(length+1), vocab)
            float[] probs = SplitEvaluator.values(out);
            int time = length + 1;
            for (int b = 0; b < k; b++) {                               // draws in item order
                int i = order[b];
                System.arraycopy(probs, (b * time + length) * vocab, row, 0, vocab);
                int ix = ContextSampler.draw(row, weights, options, random);
                if (ix == Vocabulary.BOUNDARY) {
                    finished[i] = true;
                    active--;
                } else {
                    int[] longer = java.util.Arrays.copyOf(text[i], length + 1);
                    longer[length] = ix;
                    text[i] = longer;
                }
            }
            length++;
        }
        List<String> items = new ArrayList<>(n);
        for (int[] t : text) {
            StringBuilder sb = new StringBuilder();
            for (int ix : t) {
                sb.append(vocabulary.decode(ix));
            }
            items.add(sb.toString());
        }
        return items;
    }
}
