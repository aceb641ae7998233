package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;

import java.util.Arrays;

/**
 * Causal multi-head self-attention of packed items ({@link PackedRows}), forward and backward, in
 * Java on host views: makemore's {@code CausalSelfAttention} between its {@code c_attn} and
 * {@code c_proj} Linear layers. For item rows {@code t = 0 .. L-1}, head {@code h} of size
 * {@code hs = C / heads}:
 *
 * <pre>
 *   qkv (rows, 3C): q = columns [0, C), k = [C, 2C), v = [2C, 3C); head h: columns h*hs .. (h+1)*hs of each
 *   s[t][j] = q[t] . k[j] / sqrt(hs)                  j &lt;= t (the causal mask)
 *   p[t]    = softmax over j of s[t]                  (dropped: p'[t][j] = p[t][j] * keep[t][j])
 *   y[t]    = sum over j of p'[t][j] v[j]             y (rows, C), heads side by side
 * </pre>
 *
 * An item attends to its own positions only. Each item is a few positions (at most the block
 * size), so the work is small per item and is done on the item's rows copied into Java arrays. A
 * training pass keeps the probabilities for the backward pass, which is, with {@code dy} the
 * gradient of y:
 *
 * <pre>
 *   dp'[t][j] = dy[t] . v[j];   dv[j] += p'[t][j] dy[t];   dp = dp' * keep
 *   ds[t][j]  = p[t][j] (dp[t][j] - sum over i of p[t][i] dp[t][i])
 *   dq[t] += ds[t][j] k[j] / sqrt(hs);   dk[j] += ds[t][j] q[t] / sqrt(hs)
 * </pre>
 *
 * Padding rows of the outputs are set to zero. Not thread-safe.
 */
final class CausalAttention {

    private final int channels;
    private final int heads;
    private final int headSize;
    private final double scale;
    private double[] probs = new double[0];   // the last training pass's p, by pair (see pairBase)
    private float[] keep;                     // its dropout scales by pair, or null
    private int[] pairBase = new int[1];      // first pair of each item, then the total
    // one item's rows: (L, 3C), (L, C), (L, 3C), and one query's scores (L)
    private double[] rowsQkv = new double[0];
    private double[] rowsY = new double[0];
    private double[] rowsDqkv = new double[0];
    private double[] scores = new double[0];

    CausalAttention(int channels, int heads) {
        if (heads < 1 || channels % heads != 0) {
            throw new IllegalArgumentException(channels + " channels do not split into " + heads + " heads");
        }
        this.channels = channels;
        this.heads = heads;
        this.headSize = channels / heads;
        this.scale = 1.0 / Math.sqrt(headSize);
    }

    /** The (query, key) pairs of a layout: {@code heads * L(L+1)/2} per item. */
    static int pairs(PackedRows layout, int heads) {
        int total = 0;
        for (int i = 0; i < layout.items(); i++) {
            int l = layout.length(i);
            total += heads * l * (l + 1) / 2;
        }
        return total;
    }

    /**
     * {@code y = attention(qkv)}; with {@code train}, keeps the probabilities for {@link #backward}.
     *
     * @param keep null, or per pair (in the order of {@link #pairs}: item, head, query, key) the dropout
     *             scale of each probability, 0 or 1/(1-rate)
     */
    void forward(HostView qkv, PackedRows layout, HostView y, boolean train, float[] keep) {
        prepare(layout, train);
        this.keep = keep;
        for (int i = 0; i < layout.items(); i++) {
            int l = layout.length(i);
            int row = layout.offset(i);
            qkv.read(row * 3 * channels, rowsQkv, 0, l * 3 * channels);
            Arrays.fill(rowsY, 0, l * channels, 0.0);
            int pair = pairBase[i];
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < l; t++) {
                    attendQuery(h, t, pair, train);
                    pair += t + 1;
                }
            }
            y.write(row * channels, rowsY, 0, l * channels);
        }
        for (int i = layout.used() * channels; i < layout.rows() * channels; i++) {
            y.set(i, 0.0);
        }
    }

    /** One query t of head h, whose pairs start at {@code pair}: its probabilities over keys 0..t (kept with {@code save}), and y[t]. */
    private void attendQuery(int h, int t, int pair, boolean save) {
        int c3 = 3 * channels;
        int q = t * c3 + h * headSize;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= t; j++) {
            int k = j * c3 + channels + h * headSize;
            double s = 0;
            for (int d = 0; d < headSize; d++) {
                s += rowsQkv[q + d] * rowsQkv[k + d];
            }
            s *= scale;
            scores[j] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int j = 0; j <= t; j++) {
            scores[j] = Math.exp(scores[j] - max);
            sum += scores[j];
        }
        int out = t * channels + h * headSize;
        for (int j = 0; j <= t; j++) {
            double p = scores[j] / sum;
            if (save) {
                probs[pair + j] = p;
            }
            double weight = keep == null ? p : p * keep[pair + j];
            int v = j * c3 + 2 * channels + h * headSize;
            for (int d = 0; d < headSize; d++) {
                rowsY[out + d] += weight * rowsQkv[v + d];
            }
        }
    }

    /** {@code dqkv} from {@code dy} (rows, C), for the qkv and probabilities of the last training {@link #forward}. */
    void backward(HostView qkv, HostView dy, PackedRows layout, HostView dqkv) {
        for (int i = 0; i < layout.items(); i++) {
            int l = layout.length(i);
            int row = layout.offset(i);
            qkv.read(row * 3 * channels, rowsQkv, 0, l * 3 * channels);
            dy.read(row * channels, rowsY, 0, l * channels);
            Arrays.fill(rowsDqkv, 0, l * 3 * channels, 0.0);
            int pair = pairBase[i];
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < l; t++) {
                    backQuery(h, t, pair);
                    pair += t + 1;
                }
            }
            dqkv.write(row * 3 * channels, rowsDqkv, 0, l * 3 * channels);
        }
        for (int i = layout.used() * 3 * channels; i < layout.rows() * 3 * channels; i++) {
            dqkv.set(i, 0.0);
        }
    }

    /** The gradients through query t of head h, whose probabilities start at pair {@code pair}. */
    private void backQuery(int h, int t, int pair) {
        int c3 = 3 * channels;
        int q = t * c3 + h * headSize;
        int g = t * channels + h * headSize;
        double dot = 0;
        for (int j = 0; j <= t; j++) {
            int v = j * c3 + 2 * channels + h * headSize;
            double dpDropped = 0;
            for (int d = 0; d < headSize; d++) {
                dpDropped += rowsY[g + d] * rowsQkv[v + d];
            }
            double k = keep == null ? 1.0 : keep[pair + j];
            double weight = probs[pair + j] * k;
            for (int d = 0; d < headSize; d++) {
                rowsDqkv[v + d] += weight * rowsY[g + d];           // dv[j] += p'[t][j] dy[t]
            }
            scores[j] = dpDropped * k;                              // dp[t][j]
            dot += probs[pair + j] * scores[j];
        }
        for (int j = 0; j <= t; j++) {
            double ds = probs[pair + j] * (scores[j] - dot) * scale;
            int k = j * c3 + channels + h * headSize;
            for (int d = 0; d < headSize; d++) {
                rowsDqkv[q + d] += ds * rowsQkv[k + d];             // dq[t] += ds k[j]
                rowsDqkv[k + d] += ds * rowsQkv[q + d];             // dk[j] += ds q[t]
            }
        }
    }

    /** Sizes the scratch arrays for the layout and numbers its pairs. */
    private void prepare(PackedRows layout, boolean train) {
        int longest = layout.longest();
        if (rowsQkv.length < longest * 3 * channels) {
            rowsQkv = new double[longest * 3 * channels];
            rowsDqkv = new double[longest * 3 * channels];
            rowsY = new double[longest * channels];
            scores = new double[longest];
        }
        if (pairBase.length < layout.items() + 1) {
            pairBase = new int[layout.items() + 1];
        }
        pairBase[0] = 0;
        for (int i = 0; i < layout.items(); i++) {
            int l = layout.length(i);
            pairBase[i + 1] = pairBase[i] + heads * l * (l + 1) / 2;
        }
        if (train && probs.length < pairBase[layout.items()]) {
            probs = new double[pairBase[layout.items()]];
        }
    }
}
