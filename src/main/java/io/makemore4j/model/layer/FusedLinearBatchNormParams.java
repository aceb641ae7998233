package io.makemore4j.model.layer;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter layout of {@link FusedLinearBatchNorm}: {@code W} (nIn, nOut) in 'f' order, then
 * {@code gamma}, {@code beta}, {@code mean}, {@code var}, each (nOut). {@code W} is initialised
 * exactly as DL4J's DenseLayer does it (same call to the layer's weight init, same shape and order),
 * so a fused graph draws the same initial weights as the stock graph from the same seed; gamma 1,
 * beta 0, mean 0, var 1 as DL4J's BatchNormalization.
 */
public final class FusedLinearBatchNormParams implements ParamInitializer {

    /** The stateless instance. */
    public static final FusedLinearBatchNormParams INSTANCE = new FusedLinearBatchNormParams();

    private static final List<String> KEYS = List.of(FusedLinearBatchNorm.WEIGHT, FusedLinearBatchNorm.GAMMA,
            FusedLinearBatchNorm.BETA, FusedLinearBatchNorm.MEAN, FusedLinearBatchNorm.VAR);

    private FusedLinearBatchNormParams() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        FusedLinearBatchNorm l = (FusedLinearBatchNorm) layer;
        return l.getNIn() * l.getNOut() + 4 * l.getNOut();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(FusedLinearBatchNorm.WEIGHT);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return FusedLinearBatchNorm.WEIGHT.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        FusedLinearBatchNorm layer = (FusedLinearBatchNorm) conf.getLayer();
        checkLength(layer, paramsView);
        Map<String, INDArray> views = views(layer, paramsView);
        long[] shape = {layer.getNIn(), layer.getNOut()};
        INDArray flatW = views.get(FusedLinearBatchNorm.WEIGHT);
        INDArray w = initializeParams
                ? layer.getWeightInitFn().init(layer.getNIn(), layer.getNOut(), shape, IWeightInit.DEFAULT_WEIGHT_INIT_ORDER,
                        flatW)
                : WeightInitUtil.reshapeWeights(shape, flatW);
        views.put(FusedLinearBatchNorm.WEIGHT, w);
        if (initializeParams) {
            views.get(FusedLinearBatchNorm.GAMMA).assign(1.0);
            views.get(FusedLinearBatchNorm.BETA).assign(0.0);
            views.get(FusedLinearBatchNorm.MEAN).assign(0.0);
            views.get(FusedLinearBatchNorm.VAR).assign(1.0);
        }
        for (String key : KEYS) {
            conf.addVariable(key);
        }
        return Collections.synchronizedMap(views);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        FusedLinearBatchNorm layer = (FusedLinearBatchNorm) conf.getLayer();
        checkLength(layer, gradientView);
        Map<String, INDArray> views = views(layer, gradientView);
        views.put(FusedLinearBatchNorm.WEIGHT, WeightInitUtil.reshapeWeights(
                new long[] {layer.getNIn(), layer.getNOut()}, views.get(FusedLinearBatchNorm.WEIGHT)));
        return views;
    }

    /** Views of the flat array in parameter order; W still flat. */
    private static Map<String, INDArray> views(FusedLinearBatchNorm layer, INDArray flat) {
        INDArray v = flat.reshape(flat.length());
        long nW = layer.getNIn() * layer.getNOut();
        long nOut = layer.getNOut();
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(FusedLinearBatchNorm.WEIGHT, v.get(NDArrayIndex.interval(0, nW)));
        long offset = nW;
        for (String key : KEYS.subList(1, KEYS.size())) {
            out.put(key, v.get(NDArrayIndex.interval(offset, offset + nOut)));
            offset += nOut;
        }
        return out;
    }

    private void checkLength(FusedLinearBatchNorm layer, INDArray flat) {
        if (flat.length() != numParams(layer)) {
            throw new IllegalStateException("FusedLinearBatchNorm " + layer.getLayerName() + ": expected "
                    + numParams(layer) + " parameters, got a view of " + flat.length());
        }
    }
}
