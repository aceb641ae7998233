package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;
import io.makemore4j.model.layer.Plans;
import io.makemore4j.model.layer.StepDropout;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Runtime layer of {@link TokenPositionEmbedding}: lookups and their gradients in Java on the
 * tables' memory (both tables c-order: entry (v, j) at {@code v*C + j}).
 * In training the output is a buffer of this layer per row count, valid until the next training
 * pass with that count; in inference it is written into the graph's workspace.
 */
public class TokenPositionEmbeddingLayer extends BaseLayer<TokenPositionEmbedding> {

    private static final int SITE = 0;

    private final Plans<INDArray> outputs = new Plans<>(rows -> Nd4j.create(dataType, new long[] {rows, layerConf().getNOut()}, 'c'),
            a -> false);
    private int[] tokens = new int[0];       // token of each used row of the last training pass
    private int[] positions = new int[0];    // and its position
    private int used = -1;
    private float[] dropMask;                // the last training pass's dropout scales of its used values, or null

    /** Created by {@link TokenPositionEmbedding#instantiate}. */
    public TokenPositionEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The same score as DL4J's, from sums of squares in Java ({@link TransformerParams#regularizationScore}). */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return TransformerParams.regularizationScore(layerConf(), paramTable(), getIterationCount(), getEpochCount());
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("TokenPositionEmbedding is trained as part of a network");
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 2) {
            throw new DL4JInvalidInputException("TokenPositionEmbedding " + layerId() + ": expected (items, T) indices, got "
                    + Arrays.toString(input.shape()));
        }
        PackedRows layout = PackedRows.of(maskArray, "TokenPositionEmbedding " + layerId());
        if (layout.items() != input.size(0) || layout.time() != input.size(1)) {
            throw new DL4JInvalidInputException("TokenPositionEmbedding " + layerId() + ": mask " + layout.items() + " x "
                    + layout.time() + " does not match the input " + Arrays.toString(input.shape()));
        }
        int channels = (int) layerConf().getNOut();
        INDArray out = training ? outputs.get(layout.rows())
                : workspaceMgr.create(ArrayType.ACTIVATIONS, dataType, new long[] {layout.rows(), channels}, 'c');
        if (training) {
            tokens = tokens.length >= layout.used() ? tokens : new int[layout.used()];
            positions = positions.length >= layout.used() ? positions : new int[layout.used()];
        }
        dropMask = training && layerConf().getDropout() > 0 ? StepDropout.mask(conf().getSeed(), getIndex() * 8L + SITE,
                getIterationCount(), layout.used() * channels, layerConf().getDropout()) : null;
        embed(layout, HostView.of(out), training);
        used = training ? layout.used() : -1;
        return out;                                                       // (rows, C)
    }

    /** Writes each used row's two embeddings' sum [times its dropout scales]; padding rows are zero. */
    private void embed(PackedRows layout, HostView out, boolean training) {
        INDArray x = input.ordering() == 'c' && input.elementWiseStride() == 1 ? input : input.dup('c');
        HostView in = HostView.of(x);
        HostView wte = HostView.of(getParam(TokenPositionEmbedding.TOKENS));
        HostView wpe = HostView.of(getParam(TokenPositionEmbedding.POSITIONS));
        int vocab = (int) layerConf().getNIn();
        int blockSize = layerConf().getBlockSize();
        int channels = (int) layerConf().getNOut();
        if (layout.longest() > blockSize) {
            throw new DL4JInvalidInputException("TokenPositionEmbedding " + layerId() + ": an item of " + layout.longest()
                    + " positions, but the block size is " + blockSize);
        }
        for (int i = 0; i < layout.items(); i++) {
            for (int q = 0; q < layout.length(i); q++) {
                double value = in.get(i * layout.time() + q);
                int v = (int) value;
                if (v != value || v < 0 || v >= vocab) {
                    throw new DL4JInvalidInputException("TokenPositionEmbedding " + layerId() + ": index " + value + " at item "
                            + i + ", position " + q + " is not in [0, " + vocab + ")");
                }
                int r = layout.offset(i) + q;
                if (training) {
                    tokens[r] = v;
                    positions[r] = q;
                }
                for (int j = 0; j < channels; j++) {
                    double e = wte.get(v * channels + j) + wpe.get(q * channels + j);
                    out.set(r * channels + j, dropMask != null ? e * dropMask[r * channels + j] : e);
                }
            }
        }
        for (int k = layout.used() * channels; k < layout.rows() * channels; k++) {
            out.set(k, 0.0);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        int channels = (int) layerConf().getNOut();
        if (used < 0 || epsilon.size(0) < used || epsilon.size(1) != channels) {
            throw new IllegalStateException("TokenPositionEmbedding " + layerId() + ": backprop needs a training forward pass first");
        }
        INDArray eps = epsilon.dataType() == dataType && epsilon.ordering() == 'c' && epsilon.elementWiseStride() == 1
                ? epsilon : epsilon.castTo(dataType).dup('c');            // (rows, C)
        HostView e = HostView.of(eps);
        HostView dWte = HostView.of(gradientViews.get(TokenPositionEmbedding.TOKENS));
        HostView dWpe = HostView.of(gradientViews.get(TokenPositionEmbedding.POSITIONS));
        dWte.zero(dWte.length());
        dWpe.zero(dWpe.length());
        for (int r = 0; r < used; r++) {
            for (int j = 0; j < channels; j++) {
                double g = e.get(r * channels + j);
                if (dropMask != null) {
                    g *= dropMask[r * channels + j];
                }
                int t = tokens[r] * channels + j;
                int p = positions[r] * channels + j;
                dWte.set(t, dWte.get(t) + g);
                dWpe.set(p, dWpe.get(p) + g);
            }
        }
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(TokenPositionEmbedding.TOKENS, gradientViews.get(TokenPositionEmbedding.TOKENS));
        g.gradientForVariable().put(TokenPositionEmbedding.POSITIONS, gradientViews.get(TokenPositionEmbedding.POSITIONS));
        used = -1;
        return new Pair<>(g, null);
    }
}
