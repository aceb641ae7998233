package io.makemore4j.sample;

import io.makemore4j.model.layer.HostView;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * The key/value cache of {@link TransformerSteps} for a batch of items, as a {@link StepModel.State}:
 * per block, the keys and values of every position so far of every unfinished item, row {@code b}
 * of the cache the item of row {@code b} of {@link #probabilities}. All unfinished items are at the
 * same position (they start together and move on together); when items finish, the rows of the
 * others are moved up before the next step, so a step costs the unfinished items only.
 *
 * <pre>
 *   keys[l], values[l]: (capacity, blockSize, C) floats; item row b, position t, head h at
 *                       (b*blockSize + t)*C + h*hs
 * </pre>
 */
final class TransformerCache implements StepModel.State {

    private final TransformerSteps model;
    private final int capacity;
    private final int c;
    private final int hs;
    private final float[][] keys;
    private final float[][] values;
    private final int[] rowOf;          // item -> its row, -1 once finished
    private final int[] pulled;         // the rows to keep, in their new order
    private final INDArray[] buffers;   // (capacity, width): x, h, qkv, att, f, g, logits
    private float[] probs = new float[0];
    private int started;
    private int rows;
    private int position;               // the position of the next step
    // scratch of one step
    private double[] qkvRows = new double[0];
    private double[] attRows = new double[0];
    private final double[] scores;

    /** The arrays of one step of {@code m} rows: views of the first m rows of the buffers, and host views. */
    record Rows(INDArray x, INDArray h, INDArray qkv, INDArray att, INDArray f, INDArray g, INDArray logits, HostView xView,
                HostView hView, HostView qkvView, HostView attView) {
    }

    TransformerCache(TransformerSteps model, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.model = model;
        this.capacity = capacity;
        this.c = model.channels;
        this.hs = model.channels / model.heads;
        int layers = model.blocks.size();
        this.keys = new float[layers][capacity * model.blockSize * c];
        this.values = new float[layers][capacity * model.blockSize * c];
        this.rowOf = new int[capacity];
        this.pulled = new int[capacity];
        this.scores = new double[model.blockSize];
        long[] widths = {c, c, 3L * c, c, 4L * c, 4L * c, model.vocab};
        this.buffers = new INDArray[widths.length];
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (int i = 0; i < widths.length; i++) {
                buffers[i] = Nd4j.create(model.dtype, new long[] {capacity, widths[i]}, 'c');
            }
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void start(int n, int[] prefix) {
        if (n < 1 || n > capacity) {
            throw new IllegalArgumentException("start: " + n + " items, capacity " + capacity);
        }
        probs = new float[n * model.vocab];
        position = 0;
        model.step(this, new int[] {0}, 1, position++, probs);            // the boundary, for one row
        for (int ix : prefix) {
            model.step(this, new int[] {checked(ix)}, 1, position++, probs);   // the shared prefix
        }
        int span = position * c;
        for (int b = 1; b < n; b++) {                                      // n copies of row 0
            for (int l = 0; l < keys.length; l++) {
                System.arraycopy(keys[l], 0, keys[l], b * model.blockSize * c, span);
                System.arraycopy(values[l], 0, values[l], b * model.blockSize * c, span);
            }
            System.arraycopy(probs, 0, probs, b * model.vocab, model.vocab);
        }
        for (int b = 0; b < n; b++) {
            rowOf[b] = b;
        }
        started = n;
        rows = n;
    }

    @Override
    public void advance(int[] items, int[] tokens, int m) {
        if (m < 1 || m > started) {
            throw new IllegalArgumentException("advance: " + m + " items, " + started + " started");
        }
        boolean[] seen = new boolean[started];
        for (int b = 0; b < m; b++) {
            int i = items[b];
            if (i < 0 || i >= started || rowOf[i] < 0 || seen[i]) {
                throw new IllegalArgumentException("advance: item " + i + " is not an unfinished item (of " + started
                        + " started), or is twice in the list");
            }
            checked(tokens[b]);
            seen[i] = true;
            pulled[b] = rowOf[i];
        }
        Arrays.fill(rowOf, 0, started, -1);                                // finished unless advanced
        for (int b = 0; b < m; b++) {
            rowOf[items[b]] = b;
        }
        moveRows(m);
        model.step(this, tokens, m, position++, probs);
        rows = m;
    }

    private int checked(int token) {
        if (token < 0 || token >= model.vocab) {
            throw new IllegalArgumentException("character " + token + " of " + model.vocab);
        }
        return token;
    }

    /** Row b of the cache takes row {@code pulled[b]}, for b below m. */
    private void moveRows(int m) {
        int stride = model.blockSize * c;
        int span = position * c;
        boolean forward = true;                                            // every row moves up or stays: in place
        for (int b = 0; b < m; b++) {
            forward &= pulled[b] >= b && (b == 0 || pulled[b] > pulled[b - 1]);
        }
        for (int l = 0; l < keys.length; l++) {
            float[] k = forward ? keys[l] : keys[l].clone();
            float[] v = forward ? values[l] : values[l].clone();
            for (int b = 0; b < m; b++) {
                if (pulled[b] != b || !forward) {
                    System.arraycopy(k, pulled[b] * stride, keys[l], b * stride, span);
                    System.arraycopy(v, pulled[b] * stride, values[l], b * stride, span);
                }
            }
        }
    }

    @Override
    public void probabilities(int row, float[] dst) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
        System.arraycopy(probs, row * model.vocab, dst, 0, model.vocab);
    }

    /** The arrays of a step of {@code m} rows. */
    Rows rows(int m) {
        INDArray[] v = new INDArray[buffers.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = m == capacity ? buffers[i] : buffers[i].get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
        }
        return new Rows(v[0], v[1], v[2], v[3], v[4], v[5], v[6], HostView.of(v[0]), HostView.of(v[1]), HostView.of(v[2]),
                HostView.of(v[3]));
    }

    /**
     * Block l's attention for rows 0..m-1 at position t: appends the rows' keys and values (from
     * {@code qkv}) to the cache, then each head's query attends to positions 0..t; writes {@code att}.
     */
    void attend(int l, Rows r, int m, int t) {
        int stride = model.blockSize * c;
        if (qkvRows.length < m * 3 * c) {
            qkvRows = new double[m * 3 * c];
            attRows = new double[m * c];
        }
        r.qkvView().read(0, qkvRows, 0, m * 3 * c);
        float[] k = keys[l];
        float[] v = values[l];
        double scale = 1.0 / Math.sqrt(hs);
        for (int b = 0; b < m; b++) {
            int q = b * 3 * c;
            int at = b * stride + t * c;
            for (int j = 0; j < c; j++) {
                k[at + j] = (float) qkvRows[q + c + j];
                v[at + j] = (float) qkvRows[q + 2 * c + j];
            }
            for (int h = 0; h < model.heads; h++) {
                attendHead(k, v, b * stride, q + h * hs, h * hs, t, scale, b * c + h * hs);
            }
        }
        r.attView().write(0, attRows, 0, m * c);
    }

    /** One head of one row: the query at {@code qkvRows[query..]} over the cached positions 0..t from {@code base}. */
    private void attendHead(float[] k, float[] v, int base, int query, int offset, int t, double scale, int out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= t; j++) {
            int key = base + j * c + offset;
            double s = 0;
            for (int d = 0; d < hs; d++) {
                s += qkvRows[query + d] * k[key + d];
            }
            scores[j] = s * scale;
            max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j <= t; j++) {
            scores[j] = Math.exp(scores[j] - max);
            sum += scores[j];
        }
        Arrays.fill(attRows, out, out + hs, 0.0);
        for (int j = 0; j <= t; j++) {
            double p = scores[j] / sum;
            int value = base + j * c + offset;
            for (int d = 0; d < hs; d++) {
                attRows[out + d] += p * v[value + d];
            }
        }
    }
}
