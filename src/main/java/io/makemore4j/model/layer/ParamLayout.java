package io.makemore4j.model.layer;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer's parameters as consecutive blocks of its flat parameter array, each a c-order view of its
 * shape: the {@link ParamInitializer} of the project's sequence layers. A subclass lists the
 * parameters ({@link #params}: name, shape, whether a weight, whose regularisation such as weight
 * decay applies, or a bias) and fills fresh ones ({@link #initialize}); the order of the list is the
 * order in the flat array, and so part of the checkpoint format.
 */
public abstract class ParamLayout implements ParamInitializer {

    /**
     * One parameter.
     *
     * @param name   its key, e.g. {@code W}
     * @param shape  its shape; the view is c-order (rows contiguous)
     * @param weight whether the layer's weight regularisation (weight decay) applies to it
     * @param bias   whether it is a bias (the layer's bias regularisation applies)
     */
    public record Param(String name, long[] shape, boolean weight, boolean bias) {

        /** The number of values. */
        public long length() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** The parameters of {@code layer}, in flat-array order. */
    protected abstract List<Param> params(Layer layer);

    /** Fills freshly allocated parameters of {@code layer}, given by name as shaped views. */
    protected abstract void initialize(Layer layer, Map<String, INDArray> views);

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long n = 0;
        for (Param p : params(layer)) {
            n += p.length();
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return params(layer).stream().map(Param::name).toList();
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return params(layer).stream().filter(Param::weight).map(Param::name).toList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return params(layer).stream().filter(Param::bias).map(Param::name).toList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> views = views(conf.getLayer(), paramsView);
        if (initializeParams) {
            initialize(conf.getLayer(), views);
        }
        for (String key : views.keySet()) {
            conf.addVariable(key);
        }
        return Collections.synchronizedMap(views);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf.getLayer(), gradientView);
    }

    /** The shaped views of a flat parameter (or gradient) array, by name, in order. */
    private Map<String, INDArray> views(Layer layer, INDArray flat) {
        if (flat.length() != numParams(layer)) {
            throw new IllegalStateException(layer.getClass().getSimpleName() + " " + layer.getLayerName() + ": expected "
                    + numParams(layer) + " parameters, got a view of " + flat.length());
        }
        INDArray v = flat.reshape(flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (Param p : params(layer)) {
            out.put(p.name(), v.get(NDArrayIndex.interval(offset, offset + p.length())).reshape('c', p.shape()));
            offset += p.length();
        }
        return out;
    }
}
