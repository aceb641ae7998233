package io.makemore4j.sample;

import io.makemore4j.model.Graphs;
import io.makemore4j.model.layer.HostView;
import io.makemore4j.model.transformer.Gelu;
import io.makemore4j.model.transformer.LayerNormRows;
import io.makemore4j.model.transformer.TokenPositionEmbedding;
import io.makemore4j.model.transformer.TransformerBlock;
import io.makemore4j.model.transformer.TransformerModel;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The Transformer's inference one position at a time with a key/value cache: a new character of
 * every unfinished item costs one row per layer, its query attending to the keys and values that the
 * item's earlier positions left in the cache ({@link TransformerCache}), where a full pass of the
 * graph recomputes every earlier position.
 *
 * <p>One step for {@code m} items at position {@code t}: the token and position embeddings; per
 * block, LayerNorm, the {@code qkv} product, the new key and value appended to the cache, attention
 * over the cached positions {@code 0..t}, the {@code proj} product added to the residual stream,
 * LayerNorm, {@code fc}, GELU and {@code out} added; the final LayerNorm and the output product. The
 * matrix products and GELU are ND4J ops in the graph's data type, on {@code (m, width)} arrays;
 * layer norms, attention and softmax are Java arithmetic in double (the cache holds floats).
 *
 * <p>Reads the weights from the graph's layers by name ({@link TransformerModel}) when constructed;
 * in inference dropout is the identity.
 */
public final class TransformerSteps implements StepModel {

    final DataType dtype;
    final int vocab;
    final int channels;
    final int heads;
    final int blockSize;
    final double[] tokens;        // (vocab, C) wte, c-order
    final double[] positions;     // (blockSize, C) wpe
    final List<Block> blocks = new ArrayList<>();
    final double[] finalGain;
    final double[] finalBias;
    final INDArray head;          // (C, vocab)

    /** One block's weights: the layer norms' in Java, the Linear layers' as the graph's arrays. */
    record Block(double[] ln1g, double[] ln1b, double[] ln2g, double[] ln2b, INDArray qkvW, INDArray qkvb,
                 INDArray projW, INDArray projb, INDArray fcW, INDArray fcb, INDArray outW, INDArray outb) {
    }

    /** The steps of a Transformer graph ({@link TransformerModel}). */
    public TransformerSteps(ComputationGraph graph) {
        Layer embedding = graph.getLayer(TransformerModel.EMBEDDING);
        TokenPositionEmbedding e = (TokenPositionEmbedding) embedding.conf().getLayer();
        this.dtype = graph.getConfiguration().getDataType();
        this.vocab = Math.toIntExact(e.getNIn());
        this.channels = Math.toIntExact(e.getNOut());
        this.blockSize = e.getBlockSize();
        this.tokens = values(embedding.getParam(TokenPositionEmbedding.TOKENS));
        this.positions = values(embedding.getParam(TokenPositionEmbedding.POSITIONS));
        int h = 0;
        for (int i = 1; graph.getConfiguration().getVertices().containsKey(TransformerModel.blockName(i)); i++) {
            Layer b = graph.getLayer(TransformerModel.blockName(i));
            h = ((TransformerBlock) b.conf().getLayer()).getHeads();
            blocks.add(new Block(values(b.getParam("ln1g")), values(b.getParam("ln1b")), values(b.getParam("ln2g")),
                    values(b.getParam("ln2b")), b.getParam("qkvW"), b.getParam("qkvb"), b.getParam("projW"),
                    b.getParam("projb"), b.getParam("fcW"), b.getParam("fcb"), b.getParam("outW"), b.getParam("outb")));
        }
        this.heads = h;
        Layer norm = graph.getLayer(TransformerModel.FINAL_NORM);
        this.finalGain = values(norm.getParam("g"));
        this.finalBias = values(norm.getParam("b"));
        this.head = graph.getLayer(Graphs.OUTPUT).getParam("W");
    }

    private static double[] values(INDArray a) {
        double[] out = new double[(int) a.length()];
        HostView.of(a.ordering() == 'c' && a.elementWiseStride() == 1 ? a : a.dup('c')).read(out);
        return out;
    }

    @Override
    public int vocabularySize() {
        return vocab;
    }

    @Override
    public State state(int capacity) {
        return new TransformerCache(this, capacity);
    }

    /**
     * One step: the next tokens of rows {@code 0..m-1}, all at position {@code t}, with the cache up
     * to {@code t-1}; appends their keys and values at {@code t} and writes their distributions into
     * {@code probs} (m, vocab).
     */
    void step(TransformerCache c, int[] next, int m, int t, float[] probs) {
        if (t >= blockSize) {
            throw new IllegalStateException("position " + t + " is past the block size " + blockSize);
        }
        TransformerCache.Rows r = c.rows(m);
        for (int b = 0; b < m; b++) {
            for (int j = 0; j < channels; j++) {
                r.xView().set(b * channels + j, tokens[next[b] * channels + j] + positions[t * channels + j]);
            }
        }
        LayerNormRows norm = new LayerNormRows(channels);
        for (int l = 0; l < blocks.size(); l++) {
            Block w = blocks.get(l);
            norm.forward(r.xView(), m, m, w.ln1g(), w.ln1b(), r.hView());                       // h = LN1(x)   (m, C)
            Nd4j.gemm(r.h(), w.qkvW(), r.qkv(), false, false, 1.0, 0.0);
            r.qkv().addiRowVector(w.qkvb());                                                     // (m, 3C)
            c.attend(l, r, m, t);                                                                // att          (m, C)
            Nd4j.gemm(r.att(), w.projW(), r.x(), false, false, 1.0, 1.0);
            r.x().addiRowVector(w.projb());                                                      // x += proj(att)
            norm.forward(r.xView(), m, m, w.ln2g(), w.ln2b(), r.hView());                       // h = LN2(x)
            Nd4j.gemm(r.h(), w.fcW(), r.f(), false, false, 1.0, 0.0);
            r.f().addiRowVector(w.fcb());                                                        // (m, 4C)
            Gelu.apply(r.f(), r.g());                                                            // (m, 4C)
            Nd4j.gemm(r.g(), w.outW(), r.x(), false, false, 1.0, 1.0);
            r.x().addiRowVector(w.outb());                                                       // x += out(gelu(fc(h)))
        }
        norm.forward(r.xView(), m, m, finalGain, finalBias, r.hView());
        Nd4j.gemm(r.h(), head, r.logits(), false, false, 1.0, 0.0);                              // (m, vocab)
        softmax(HostView.of(r.logits()), m, probs);
    }

    private void softmax(HostView logits, int m, float[] probs) {
        double[] row = new double[vocab];
        for (int b = 0; b < m; b++) {
            logits.read(b * vocab, row, 0, vocab);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int k = 0; k < vocab; k++) {
                row[k] = Math.exp(row[k] - max);
                sum += row[k];
            }
            for (int k = 0; k < vocab; k++) {
                probs[b * vocab + k] = (float) (row[k] / sum);
            }
        }
    }
}
