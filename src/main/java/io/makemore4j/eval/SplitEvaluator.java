package io.makemore4j.eval;

import io.makemore4j.data.ContextRows;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Evaluator} of the flatten model: the mean cross-entropy loss (nats per character) over a
 * split's context rows, in inference mode (batch norm uses its running statistics). Rows go through in chunks of at most {@link #CHUNK} into
 * arrays allocated once, so memory stays flat whatever the corpus size.
 */
public final class SplitEvaluator implements Evaluator {

    /** The most rows evaluated at once. */
    public static final int CHUNK = 16_384;

    private final ComputationGraph graph;
    private final int chunk;

    public SplitEvaluator(ComputationGraph graph) {
        this(graph, CHUNK);
    }

    /** An evaluator with another chunk size (tests check that chunking does not change the loss). */
    public SplitEvaluator(ComputationGraph graph, int chunk) {
        this.graph = graph;
        this.chunk = chunk;
    }

    @Override
    public SplitLosses evaluate(PreparedData data) {
        return new SplitLosses(loss(data.train().rows()), loss(data.val().rows()), loss(data.test().rows()));
    }

    @Override
    public double loss(Split split) {
        return loss(split.rows());
    }

    /** The mean loss over all rows; NaN for no rows. */
    public double loss(ContextRows rows) {
        long n = rows.size();
        if (n == 0) {
            return Double.NaN;
        }
        int chunk = (int) Math.min(this.chunk, n);
        INDArray features = Nd4j.create(DataType.FLOAT, chunk, rows.blockSize());  // (chunk, block_size)
        INDArray labels = Nd4j.create(DataType.FLOAT, chunk, 1);                   // (chunk, 1)
        double total = 0;
        for (long from = 0; from < n; from += chunk) {
            long to = Math.min(n, from + chunk);
            INDArray f = features;
            INDArray l = labels;
            if (to - from < chunk) {   // the last, shorter chunk
                f = Nd4j.create(DataType.FLOAT, to - from, rows.blockSize());
                l = Nd4j.create(DataType.FLOAT, to - from, 1);
            }
            rows.fill(from, to, f, l);
            INDArray out = graph.output(false, f)[0];                       // (rows, vocab) softmax
            int vocab = (int) out.size(1);
            float[] probs = values(out);                                    // (rows * vocab), row-major
            float[] targets = l.data().asFloat();                           // (rows)
            for (int i = 0; i < to - from; i++) {
                total -= Math.log(Math.max(probs[i * vocab + (int) targets[i]], Float.MIN_NORMAL));
            }
        }
        return total / n;
    }

    /**
     * The values of an array in row-major order, copied in one go (INDArray.toFloatMatrix() builds
     * one array object per row, which made evaluation several times slower than the model).
     */
    public static float[] values(INDArray a) {
        INDArray c = a.ordering() == 'c' && !a.isView() && a.length() == a.data().length() ? a : a.dup('c');
        return c.data().asFloat();
    }
}
