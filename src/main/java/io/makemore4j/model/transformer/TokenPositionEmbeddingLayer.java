package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;
import io.makemore4j.model.layer.Plans;
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
 * tables' memory (both {@code (rows, C)} tables in 'f' order: entry (v, j) at {@code v + rows*j}).
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

    /** Created by {@link TokenPositionEmbedding#instantiate}. */
    public TokenPositionEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** One score over the flat parameters: every parameter takes the same regularisation (see the configuration). */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return TransformerParams.regularizationScore(layerConf(), params(), getIterationCount(), getEpochCount());
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
        boolean drop = training && layerConf().getDropout() > 0;
        embed(layout, HostView.of(out), training, drop);
        used = training ? layout.used() : -1;
        return out;                                                       // (rows, C)
    }

    /** Writes each used row's two embeddings' sum [times its dropout scales]; padding rows are zero. */
    private void embed(PackedRows layout, HostView out, boolean training, boolean drop) {
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
                    double e = wte.get(v + vocab * j) + wpe.get(q + blockSize * j);
                    out.set(r * channels + j, drop ? e * dropScale(r * channels + j) : e);
                }
            }
        }
        for (int k = layout.used() * channels; k < layout.rows() * channels; k++) {
            out.set(k, 0.0);
        }
    }

    private double dropScale(int index) {
        return DropoutMask.scale(conf().getSeed(), getIterationCount(), getIndex() * 8 + SITE, index, layerConf().getDropout());
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
        int vocab = (int) layerConf().getNIn();
        int blockSize = layerConf().getBlockSize();
        boolean drop = layerConf().getDropout() > 0;
        for (int r = 0; r < used; r++) {
            for (int j = 0; j < channels; j++) {
                double g = e.get(r * channels + j);
                if (drop) {
                    g *= dropScale(r * channels + j);
                }
                int t = tokens[r] + vocab * j;
                int p = positions[r] + blockSize * j;
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
