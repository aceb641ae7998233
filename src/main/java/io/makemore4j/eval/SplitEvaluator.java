package io.makemore4j.eval;

import io.makemore4j.data.ContextRows;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.LongConsumer;

/**
 * {@link Evaluator} of the flatten model: the mean cross-entropy loss (nats per character) over a
 * split's context rows, in inference mode (batch norm uses its running statistics). Rows go
 * through in chunks of at most {@link #CHUNK}, fewer for a large vocabulary ({@link OutputBudget}),
 * into arrays allocated once, so memory stays flat whatever the corpus size; a split of more than
 * {@code evalRows} rows is evaluated on a fixed sample of that many ({@link EvalSample}).
 */
public final class SplitEvaluator implements Evaluator {

    /** The most rows evaluated at once. */
    public static final int CHUNK = 16_384;

    private final ComputationGraph graph;
    private final int chunk;
    private final long evalRows;

    /** Evaluates every row. */
    public SplitEvaluator(ComputationGraph graph) {
        this(graph, CHUNK, Long.MAX_VALUE);
    }

    /** An evaluator with another chunk size (tests check that chunking does not change the loss). */
    public SplitEvaluator(ComputationGraph graph, int chunk) {
        this(graph, chunk, Long.MAX_VALUE);
    }

    /**
     * @param chunk    the most rows per pass (fewer if the vocabulary is large)
     * @param evalRows a split with more rows is evaluated on a sample of this many ({@code train.eval_rows})
     */
    public SplitEvaluator(ComputationGraph graph, int chunk, long evalRows) {
        this.graph = graph;
        this.chunk = OutputBudget.rows(OutputBudget.vocabulary(graph), chunk);
        this.evalRows = evalRows;
    }

    @Override
    public SplitLosses evaluate(PreparedData data, LongConsumer progress) {
        return new SplitLosses(loss(data.train(), progress), loss(data.val(), progress), loss(data.test(), progress),
                SampleNote.of(data, split -> new long[] {Math.min(evalRows, split.rows().size()), split.rows().size()}, "rows"));
    }

    @Override
    public long work(PreparedData data) {
        return PreparedData.SPLIT_NAMES.stream().mapToLong(name -> Math.min(evalRows, data.split(name).rows().size())).sum();
    }

    @Override
    public double loss(Split split) {
        return loss(split, done -> {
        });
    }

    private double loss(Split split, LongConsumer progress) {
        ContextRows rows = split.rows();
        if (rows.size() <= evalRows) {
            return loss(rows, progress);
        }
        long[] sample = EvalSample.of(rows.size(), (int) evalRows, PreparedData.SPLIT_NAMES.indexOf(split.name()));
        return loss(rows, sample, progress);
    }

    /** The mean loss over all rows; NaN for no rows. */
    public double loss(ContextRows rows) {
        return loss(rows, done -> {
        });
    }

    private double loss(ContextRows rows, LongConsumer progress) {
        long n = rows.size();
        if (n == 0) {
            return Double.NaN;
        }
        Chunk buffers = new Chunk((int) Math.min(chunk, n), rows.blockSize());
        double total = 0;
        for (long from = 0; from < n; from += chunk) {
            long to = Math.min(n, from + chunk);
            Chunk c = buffers.sized((int) (to - from));
            rows.fill(from, to, c.features, c.labels);
            total = c.addLosses(graph, total);
            progress.accept(to - from);
        }
        return total / n;
    }

    /** The mean loss over the chosen rows. */
    public double loss(ContextRows rows, long[] chosen) {
        return loss(rows, chosen, done -> {
        });
    }

    private double loss(ContextRows rows, long[] chosen, LongConsumer progress) {
        Chunk buffers = new Chunk(Math.min(chunk, chosen.length), rows.blockSize());
        double total = 0;
        for (int from = 0; from < chosen.length; from += chunk) {
            int to = Math.min(chosen.length, from + chunk);
            Chunk c = buffers.sized(to - from);
            rows.fillRows(java.util.Arrays.copyOfRange(chosen, from, to), c.features, c.labels);
            total = c.addLosses(graph, total);
            progress.accept(to - from);
        }
        return total / chosen.length;
    }

    /** The arrays of one pass: allocated once, and once more for the last, shorter pass. */
    private static final class Chunk {
        final INDArray features;   // (rows, block_size)
        final INDArray labels;     // (rows, 1)
        final int blockSize;

        Chunk(int rows, int blockSize) {
            this.features = Nd4j.create(DataType.FLOAT, rows, blockSize);
            this.labels = Nd4j.create(DataType.FLOAT, rows, 1);
            this.blockSize = blockSize;
        }

        Chunk sized(int rows) {
            return rows == features.rows() ? this : new Chunk(rows, blockSize);
        }

        /** {@code total} plus the loss of each row in the arrays, added one by one. */
        double addLosses(ComputationGraph graph, double total) {
            INDArray out = graph.output(false, features)[0];               // (rows, vocab) softmax
            int vocab = (int) out.size(1);
            float[] probs = values(out);                                    // (rows * vocab), row-major
            float[] targets = labels.data().asFloat();                      // (rows)
            for (int i = 0; i < targets.length; i++) {
                total -= Math.log(Math.max(probs[i * vocab + (int) targets[i]], Float.MIN_NORMAL));
            }
            return total;
        }
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
