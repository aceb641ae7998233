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
 * Runtime layer of {@link RowLayerNorm}: {@link LayerNormRows} on the used rows of the batch's
 * layout. In training the output and the input gradient are buffers of this layer per row count,
 * valid until the next training pass with that count; in inference the output is written into the
 * graph's workspace.
 */
public class RowLayerNormLayer extends BaseLayer<RowLayerNorm> {

    private final Plans<INDArray[]> buffers = new Plans<>(rows -> new INDArray[] {
        Nd4j.create(dataType, new long[] {rows, layerConf().getNIn()}, 'c'),      // output
        Nd4j.create(dataType, new long[] {rows, layerConf().getNIn()}, 'c')}, b -> false);   // input gradient
    private final LayerNormRows norm;
    private final double[] gain;
    private final double[] bias;
    private PackedRows forwardLayout;        // of the last training pass
    private INDArray forwardInput;
    private INDArray[] forwardBuffers;

    /** Created by {@link RowLayerNorm#instantiate}. */
    public RowLayerNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        int c = Math.toIntExact(layerConf().getNIn());
        norm = new LayerNormRows(c);
        gain = new double[c];
        bias = new double[c];
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
        throw new UnsupportedOperationException("RowLayerNorm is trained as part of a network");
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        long c = layerConf().getNIn();
        INDArray x = input.dataType() == dataType ? input : input.castTo(dataType);
        if (x.rank() != 2 || x.size(1) != c) {
            throw new DL4JInvalidInputException("RowLayerNorm " + layerId() + ": expected input (rows, " + c + "), got "
                    + Arrays.toString(x.shape()));
        }
        if (x.ordering() != 'c' || x.elementWiseStride() != 1) {
            x = x.dup('c');
        }
        PackedRows layout = PackedRows.of(maskArray, x.size(0), "RowLayerNorm " + layerId());
        INDArray[] b = training ? buffers.get(layout.rows()) : null;
        INDArray out = training ? b[0] : workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        HostView.of(getParam("g")).read(gain);
        HostView.of(getParam("b")).read(bias);
        norm.forward(HostView.of(x), layout.used(), layout.rows(), gain, bias, HostView.of(out));   // (rows, C)
        forwardLayout = training ? layout : null;
        forwardInput = training ? x : null;
        forwardBuffers = b;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (forwardLayout == null) {
            throw new IllegalStateException("RowLayerNorm " + layerId() + ": backprop needs a training forward pass first");
        }
        INDArray eps = epsilon.dataType() == dataType && epsilon.ordering() == 'c' && epsilon.elementWiseStride() == 1
                ? epsilon : epsilon.castTo(dataType).dup('c');            // (rows, C)
        double[] dGain = new double[gain.length];
        double[] dBias = new double[bias.length];
        INDArray dx = forwardBuffers[1];
        norm.backward(HostView.of(forwardInput), HostView.of(eps), null, forwardLayout.used(), forwardLayout.rows(), gain,
                dGain, dBias, HostView.of(dx));
        HostView.of(gradientViews.get("g")).write(dGain);
        HostView.of(gradientViews.get("b")).write(dBias);
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put("g", gradientViews.get("g"));
        g.gradientForVariable().put("b", gradientViews.get("b"));
        forwardLayout = null;
        return new Pair<>(g, dx);
    }
}
