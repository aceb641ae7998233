package io.makemore4j.sample;

import io.makemore4j.config.Activation;
import io.makemore4j.model.layer.BatchNormFold;
import io.makemore4j.model.layer.DilatedConv;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * One convolution stage of the dilated model in inference, as {@link StepKernel} computes it: batch
 * norm folded into the weights ({@link BatchNormFold}) and the weights split by tap, since the
 * product of a gathered row {@code [h(q-(k-1)d), ..., h(q)]} (k*C) with the whole weight matrix is
 * the sum of each tap's row times its block of C rows. A gated stage's gate is computed alongside,
 * as more columns: {@code cols = 2 nOut}, the conv's columns, then the gate's.
 *
 * <p>The first stage reads embeddings, so its products are tables by character ({@link #table});
 * the others keep their blocks as arrays for ND4J's matmul ({@link #taps}). Every stage keeps the
 * product of the boundary row with each block ({@link #before}) and its output at the boundary
 * ({@link #boundaryOut}), computed here in double.
 */
final class FoldedStage {

    final int kernel;
    final int dilation;
    final int channels;                   // input channels C
    final int nOut;
    final int cols;                       // nOut, or 2 nOut when gated
    final int ring;                       // positions of input rows kept: (kernel-1)*dilation + 1
    final Activation activation;
    final Activation gateActivation;      // gated, else null
    final boolean residual;               // adds its input to its output (channels == nOut)
    final double[] bias;                  // (cols): beta - mean * a
    final INDArray[] taps;                // stages after the first, per tap, oldest first: (C, cols) W * a; else null
    final double[][] table;               // the first stage, per tap: (vocab, cols), each character's embedding times the tap's block; else null
    final double[][] before;              // per tap: (cols), the boundary row times the tap's block
    final double[] boundaryOut;           // (nOut): the stage's output at the boundary, the residual included
    private final boolean exact;          // DOUBLE: exact activations; FLOAT: float-accurate ones

    /**
     * Reads a stage's weights from the graph's parameters.
     *
     * @param conv       the name of its convolution layer
     * @param gate       the name of its gate layer, or null when not gated
     * @param residual   whether the stage adds its input to its output
     * @param embedding  the first stage: the embedding table (vocab, C); null for the others
     * @param boundaryIn the stage's input at the boundary (C)
     * @param dtype      the graph's data type (FLOAT or DOUBLE), of the taps
     */
    FoldedStage(ComputationGraph graph, String conv, String gate, boolean residual, double[][] embedding,
                double[] boundaryIn, DataType dtype) {
        DilatedConv c = layer(graph, conv);
        this.kernel = c.getKernel();
        this.dilation = c.getDilation();
        this.channels = Math.toIntExact(c.channels());
        this.nOut = Math.toIntExact(c.getNOut());
        this.ring = (kernel - 1) * dilation + 1;
        this.exact = dtype == DataType.DOUBLE;
        this.residual = residual;
        this.activation = Activation.of(c.getActivationFn(), "the dilated sampler");
        double[][] w = fold(graph, conv, c.getEps());                 // (k*C + 1, nOut): W * a, then the bias row
        if (gate != null) {
            DilatedConv g = layer(graph, gate);
            this.gateActivation = Activation.of(g.getActivationFn(), "the dilated sampler");
            double[][] gw = fold(graph, gate, g.getEps());
            for (int r = 0; r < w.length; r++) {
                w[r] = concat(w[r], gw[r]);                            // (k*C + 1, 2 nOut)
            }
        } else {
            this.gateActivation = null;
        }
        this.cols = w[0].length;
        this.bias = w[w.length - 1];
        w = Arrays.copyOf(w, w.length - 1);                            // (k*C, cols)
        this.taps = embedding == null ? taps(w, dtype) : null;
        this.table = embedding == null ? null : table(w, embedding);
        this.before = new double[kernel][cols];
        this.boundaryOut = boundary(w, boundaryIn);
    }

    /**
     * The stage's outputs from its pre-activations {@code acc} ({@code k} rows of {@code cols}):
     * {@code act(conv) [* sigmoid(gate)]}, {@code (k, nOut)}, to {@code dst[off..)} (which may be
     * {@code acc} itself when the stage is not gated). The residual is the caller's.
     */
    void finish(int k, double[] acc, int accOff, double[] dst, int off) {
        int n = nOut;
        if (gateActivation == null) {
            if (acc != dst || accOff != off) {
                System.arraycopy(acc, accOff, dst, off, k * n);
            }
            activation.apply(dst, off, off + k * n, exact);
            return;
        }
        for (int b = 0; b < k; b++) {
            int a = accOff + b * cols;
            int o = off + b * n;
            activation.apply(acc, a, a + n, exact);
            gateActivation.apply(acc, a + n, a + 2 * n, exact);
            for (int j = 0; j < n; j++) {
                dst[o + j] = acc[a + j] * acc[a + n + j];
            }
        }
    }

    /** Per tap, its block of rows of {@code w} (k*C, cols) as a (C, cols) c-order array of the graph's data type. */
    private INDArray[] taps(double[][] w, DataType dtype) {
        INDArray[] blocks = new INDArray[kernel];
        for (int t = 0; t < kernel; t++) {
            blocks[t] = Nd4j.create(Arrays.copyOfRange(w, t * channels, (t + 1) * channels)).castTo(dtype).dup('c');
        }
        return blocks;
    }

    /** Per tap, every character's embedding times the tap's block: (vocab * cols), character v at v * cols. */
    private double[][] table(double[][] w, double[][] embedding) {
        int vocab = embedding.length;
        double[][] t = new double[kernel][vocab * cols];
        for (int tap = 0; tap < kernel; tap++) {
            for (int v = 0; v < vocab; v++) {
                product(embedding[v], w, tap * channels, t[tap], v * cols);
            }
        }
        return t;
    }

    /**
     * Fills {@link #before} and returns the stage's output at the boundary: every tap reads the
     * boundary row {@code x} (C), so the pre-activation is the bias plus each tap's product.
     */
    private double[] boundary(double[][] w, double[] x) {
        double[] acc = bias.clone();
        for (int t = 0; t < kernel; t++) {
            product(x, w, t * channels, before[t], 0);
            for (int j = 0; j < cols; j++) {
                acc[j] += before[t][j];
            }
        }
        double[] row = new double[nOut];
        finish(1, acc, 0, row, 0);
        if (residual) {
            for (int j = 0; j < nOut; j++) {
                row[j] += x[j];
            }
        }
        return row;
    }

    /**
     * W * a with the row {@code beta - mean * a} below it, {@code a = gamma / sqrt(var + eps)}: the
     * layer's inference (batch norm from the running statistics) as a matrix product and a bias.
     */
    private static double[][] fold(ComputationGraph graph, String layer, double eps) {
        double[][] w = graph.getParam(layer + "_" + DilatedConv.WEIGHT).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] gamma = vector(graph, layer, DilatedConv.GAMMA);
        int nOut = gamma.length;
        double[] a = new double[nOut];
        double[] b = new double[nOut];
        BatchNormFold.fold(gamma, vector(graph, layer, DilatedConv.BETA), vector(graph, layer, DilatedConv.MEAN),
                vector(graph, layer, DilatedConv.VAR), eps, a, b);
        for (double[] r : w) {
            for (int j = 0; j < nOut; j++) {
                r[j] *= a[j];
            }
        }
        double[][] folded = Arrays.copyOf(w, w.length + 1);
        folded[w.length] = b;
        return folded;
    }

    private static DilatedConv layer(ComputationGraph graph, String name) {
        return (DilatedConv) graph.getLayer(name).conf().getLayer();
    }

    private static double[] vector(ComputationGraph graph, String layer, String param) {
        return graph.getParam(layer + "_" + param).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** {@code dst[off..off+cols) = x * w[from..from+x.length)}: a row times a block of rows. */
    private static void product(double[] x, double[][] w, int from, double[] dst, int off) {
        int cols = w[from].length;
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            for (int c = 0; c < x.length; c++) {
                sum += x[c] * w[from + c][j];
            }
            dst[off + j] = sum;
        }
    }
}
