package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;
import io.makemore4j.model.layer.ParamLayout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;
import java.util.Map;

/**
 * The parameter layout of the Transformer's layers ({@link ParamLayout}: consecutive c-order views),
 * from each layer's {@link Specified#params()}: matrices are weights (the layer's weight decay
 * applies, as nanoGPT decays its matrices), vectors are biases and LayerNorm gains (none). Fresh
 * parameters are drawn in list order from ND4J's random generator (seeded by the graph), so that a
 * seed gives the same initial weights.
 */
public final class TransformerParams extends ParamLayout {

    /** A layer configuration that lists its parameters. */
    public interface Specified {
        /** The parameters, in layout order. */
        List<ParamSpec> params();
    }

    /** The stateless instance. */
    public static final TransformerParams INSTANCE = new TransformerParams();

    private TransformerParams() {
    }

    @Override
    protected List<Param> params(Layer layer) {
        return ((Specified) layer).params().stream()
                .map(p -> new Param(p.name(), new long[] {p.rows(), p.cols()}, p.isMatrix(), !p.isMatrix()))
                .toList();
    }

    @Override
    protected void initialize(Layer layer, Map<String, INDArray> views) {
        for (ParamSpec p : ((Specified) layer).params()) {
            INDArray view = views.get(p.name());
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
    }

    /**
     * A layer's regularisation score ({@code BaseLayer.calcRegularizationScore}) with weight decay and
     * L2 ({@code 0.5 coeff sum w^2}) from sums of squares in Java, where DL4J's {@code BaseLayer} runs
     * a native reduction and an allocation per parameter array and training step; any other
     * regularisation (a subclass of those two included) scores the array itself.
     */
    public static double regularizationScore(BaseLayer conf, Map<String, INDArray> params, int iteration, int epoch) {
        double score = 0;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            List<Regularization> regs = conf.getRegularizationByParam(e.getKey());
            if (regs == null) {
                continue;
            }
            double squares = Double.NaN;
            for (Regularization r : regs) {
                if (r.getClass() == WeightDecay.class || r.getClass() == L2Regularization.class) {   // not subclasses: their own score
                    if (Double.isNaN(squares)) {
                        squares = sumOfSquares(e.getValue());
                    }
                    ISchedule coeff = r instanceof WeightDecay w ? w.getCoeff() : ((L2Regularization) r).getL2();
                    score += 0.5 * coeff.valueAt(iteration, epoch) * squares;
                } else {
                    score += r.score(e.getValue(), iteration, epoch);
                }
            }
        }
        return score;
    }

    private static double sumOfSquares(INDArray a) {
        HostView v = HostView.of(a);
        double sum = 0;
        for (int i = 0; i < v.length(); i++) {
            double x = v.get(i);
            sum += x * x;
        }
        return sum;
    }
}
