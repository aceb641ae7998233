package io.makemore4j.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of a training graph's parameters ({@code train.ema}), kept as a
 * second graph of the same configuration: after every step
 * {@code averaged = d * averaged + (1 - d) * trained}, with {@code d = min(ema, (1 + t) / (10 + t))}
 * at step {@code t}, so that the first steps' weights (the random initialisation) fade out quickly
 * instead of dominating the average for {@code 1 / (1 - ema)} steps. The decay is a function of the
 * step alone, so a run resumed with the average it saved repeats an uninterrupted one exactly.
 *
 * <p>The averaged graph is what a run validates, evaluates and samples, and what its checkpoints
 * hold as the model; the trained graph, with the optimiser's state, is what the steps update.
 * Running statistics kept among the parameters (batch normalisation's) are averaged with them. Not
 * thread-safe.
 */
public final class WeightAverage {

    private final ComputationGraph trained;
    private final ComputationGraph averaged;
    private final INDArray trainedParams;    // (numParams) view of the trained graph's parameters
    private final INDArray averagedParams;   // (numParams) view of the averaged graph's parameters
    private final double ema;

    private WeightAverage(ComputationGraph trained, INDArray start, double ema) {
        if (!(ema > 0 && ema < 1)) {
            throw new IllegalArgumentException("the average's decay must be in (0, 1), not " + ema);
        }
        this.trained = trained;
        this.averaged = new ComputationGraph(ComputationGraphConfiguration.fromJson(trained.getConfiguration().toJson()));
        averaged.init(start.dup(), false);   // its own parameters
        this.trainedParams = trained.params().reshape(trained.params().length());
        this.averagedParams = averaged.params().reshape(averaged.params().length());
        this.ema = ema;
    }

    /** An average that starts at {@code trained}'s current parameters (a new run). */
    public static WeightAverage startingAt(ComputationGraph trained, double ema) {
        return new WeightAverage(trained, trained.params(), ema);
    }

    /**
     * The average a checkpoint saved, {@code averagedParams} (numParams, or (1, numParams)), continued
     * beside {@code trained} (a resumed run).
     */
    public static WeightAverage resumed(ComputationGraph trained, INDArray averagedParams, double ema) {
        if (averagedParams.length() != trained.params().length()) {
            throw new IllegalArgumentException("an average of " + averagedParams.length() + " parameters for a graph of "
                    + trained.params().length());
        }
        return new WeightAverage(trained, averagedParams.reshape(trained.params().shape()), ema);
    }

    /** The decay applied after step {@code step} (1-based: the steps done): warms up to {@code train.ema}. */
    public double decayAt(int step) {
        return Math.min(ema, (1.0 + step) / (10.0 + step));
    }

    /** Moves the average towards the trained parameters after step {@code step} (1-based). */
    public void update(int step) {
        double d = decayAt(step);
        averagedParams.muli(d);                                                                  // (numParams)
        Nd4j.getBlasWrapper().level1().axpy(trainedParams.length(), 1 - d, trainedParams, averagedParams);   // += (1 - d) * trained
    }

    /** The graph of averaged parameters: what the run validates, evaluates and samples. */
    public ComputationGraph model() {
        return averaged;
    }

    /**
     * The averaged graph ready to be written as a checkpoint's model: the trained graph's optimiser
     * state and iteration and epoch counts copied into it, so that the zip resumes as the trained
     * graph's would, with {@link #trainedParameters()} beside it.
     */
    public ComputationGraph forCheckpoint() {
        INDArray state = trained.getUpdater().getStateViewArray();   // null for plain SGD: no state
        if (state != null) {
            averaged.getUpdater().getStateViewArray().assign(state);
        }
        averaged.getConfiguration().setIterationCount(trained.getIterationCount());
        averaged.getConfiguration().setEpochCount(trained.getEpochCount());
        return averaged;
    }

    /** The trained graph's parameters, (numParams): what a checkpoint stores beside the averaged model for resuming. */
    public INDArray trainedParameters() {
        return trainedParams;
    }
}
