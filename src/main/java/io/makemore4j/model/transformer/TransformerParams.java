package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter layout of the Transformer's layers, from each layer's {@link Specified#params()}:
 * the parameters one after another in the layer's flat view, in list order, matrices in 'f' order
 * and vectors {@code (1, n)}; initialised in that order from ND4J's random generator (seeded by
 * the graph), so that a seed gives the same initial weights.
 */
public final class TransformerParams implements ParamInitializer {

    /** A layer configuration that lists its parameters. */
    public interface Specified {
        /** The parameters, in layout order. */
        List<ParamSpec> params();
    }

    /** The stateless instance. */
    public static final TransformerParams INSTANCE = new TransformerParams();

    private TransformerParams() {
    }

    /**
     * The regularisation score of a layer whose parameters all take the same regularisations: one
     * score over the layer's flat parameter array, where DL4J's {@code BaseLayer} scores each
     * parameter array on its own (a native reduction and an allocation each, per training step).
     * Weight decay and L2 ({@code 0.5 coeff sum w^2}) come from one sum of squares in Java; any
     * other regularisation scores the flat array itself.
     */
    public static double regularizationScore(org.deeplearning4j.nn.conf.layers.BaseLayer conf, INDArray flatParams,
            int iteration, int epoch) {
        double score = 0;
        double squares = Double.NaN;
        for (Regularization r : conf.getRegularization()) {
            if (r instanceof WeightDecay || r instanceof L2Regularization) {
                if (Double.isNaN(squares)) {
                    squares = sumOfSquares(flatParams);
                }
                ISchedule coeff = r instanceof WeightDecay w ? w.getCoeff() : ((L2Regularization) r).getL2();
                score += 0.5 * coeff.valueAt(iteration, epoch) * squares;
            } else {
                score += r.score(flatParams, iteration, epoch);
            }
        }
        return score;
    }

    private static double sumOfSquares(INDArray flat) {
        HostView v = HostView.of(flat);
        double sum = 0;
        for (int i = 0; i < v.length(); i++) {
            double x = v.get(i);
            sum += x * x;
        }
        return sum;
    }

    private static List<ParamSpec> specs(Layer layer) {
        return ((Specified) layer).params();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long n = 0;
        for (ParamSpec p : specs(layer)) {
            n += p.length();
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return specs(layer).stream().map(ParamSpec::name).toList();
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return specs(layer).stream().filter(ParamSpec::isMatrix).map(ParamSpec::name).toList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return specs(layer).stream().filter(p -> !p.isMatrix()).map(ParamSpec::name).toList();
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
        for (ParamSpec p : specs(conf.getLayer())) {
            if (initializeParams) {
                initialise(p, views.get(p.name()));
            }
            conf.addVariable(p.name());
        }
        return Collections.synchronizedMap(views);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf.getLayer(), gradientView);
    }

    private static void initialise(ParamSpec p, INDArray view) {
        switch (p.init()) {
            case ONES -> view.assign(1.0);
            case ZEROS -> view.assign(0.0);
            case UNIFORM -> {
                double bound = 1.0 / Math.sqrt(p.fanIn());
                Nd4j.getExecutioner().exec(new UniformDistribution(view, -bound, bound), Nd4j.getRandom());
            }
            case NORMAL -> Nd4j.getExecutioner().exec(new GaussianDistribution(view, 0.0, 1.0), Nd4j.getRandom());
        }
    }

    /** Views of the flat array in parameter order, each in its shape. */
    private Map<String, INDArray> views(Layer layer, INDArray flat) {
        if (flat.length() != numParams(layer)) {
            throw new IllegalStateException(layer.getClass().getSimpleName() + " " + layer.getLayerName() + ": expected "
                    + numParams(layer) + " parameters, got a view of " + flat.length());
        }
        INDArray v = flat.reshape(flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (ParamSpec p : specs(layer)) {
            INDArray segment = v.get(NDArrayIndex.interval(offset, offset + p.length()));
            out.put(p.name(), p.isMatrix() ? WeightInitUtil.reshapeWeights(new long[] {p.rows(), p.cols()}, segment)
                    : segment.reshape(1, p.cols()));
            offset += p.length();
        }
        return out;
    }
}
