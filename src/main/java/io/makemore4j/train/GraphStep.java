package io.makemore4j.train;

import io.makemore4j.model.layer.SoftmaxOutputLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One optimiser step of a {@link ComputationGraph}: what {@code graph.fit(MultiDataSet)} does
 * (forward, backward, the graph's own updater with its schedule, {@code params -= update}, iteration
 * count + 1) with the same arithmetic, minus a DL4J 1.0.0-M2.1 overhead: in {@code fit},
 * {@code DefaultGradient.gradient()} hands the updater a new reshape of the flattened gradient, so
 * {@code BaseMultiLayerUpdater.update} takes every graph gradient for an "external" one and builds
 * a view of the parameters and gradients for every parameter of every updater block at every step,
 * which cost as much as the whole forward pass of the fused model. Here the updater gets the
 * flattened gradient array itself and uses the views it built once.
 *
 * <p>Masks (the dilated model's padding) are set on the graph's layers for the step, as {@code fit}
 * does. Graphs with DL4J listeners or truncated BPTT, and subclasses of ComputationGraph, go
 * through {@code graph.fit} unchanged.
 * Not thread-safe; one per graph.
 */
public final class GraphStep implements TrainingStep {

    private final ComputationGraph graph;
    private final boolean direct;
    private INDArray flatGradients;        // (1, numParams), the graph's
    private INDArray flatGradientsVector;  // (numParams) view of it
    private INDArray flatParams;           // (numParams) view of the parameters
    private final LayerWorkspaceMgr updaterWorkspaces = LayerWorkspaceMgr.noWorkspaces();
    private final boolean regularized;     // some parameter has regularisation (weight decay)
    private double regularization;         // its score term for the step's parameters
    private final SoftmaxOutputLayer lossLayer;   // the one output layer when it reports its loss without the term, or null

    /** A step for {@code graph}, which must be initialised. */
    public GraphStep(ComputationGraph graph) {
        this.graph = graph;
        this.direct = graph.getClass() == ComputationGraph.class    // a subclass may override fit
                && graph.getListeners().isEmpty()
                && graph.getConfiguration().getBackpropType() != BackpropType.TruncatedBPTT;
        this.regularized = hasRegularization(graph);
        this.lossLayer = graph.getLayers() != null && graph.getNumOutputArrays() == 1
                && graph.getOutputLayer(0) instanceof SoftmaxOutputLayer out ? out : null;
    }

    /**
     * Trains on one minibatch and returns its loss: the mean cross-entropy, without the
     * regularisation term that {@code graph.score()} adds to it (weight decay), so that logged losses
     * compare with validation losses.
     */
    @Override
    public double fit(MultiDataSet batch) {
        if (!direct) {
            noteRegularization();
            graph.fit(batch);
            return dataLoss();
        }
        double loss = computeGradient(batch);
        update(graph.batchSize());
        return loss;
    }

    /** Whether this step bypasses {@code graph.fit} (the graph has no listeners, no truncated BPTT). */
    boolean direct() {
        return direct;
    }

    /**
     * Forward and backward on {@code batch} (direct graphs only): the graph's flattened gradient then
     * holds the gradient of the batch, summed over its rows as DL4J's layers leave it (the updater
     * divides by the minibatch size). Returns the batch's data loss.
     */
    double computeGradient(MultiDataSet batch) {
        noteRegularization();
        if (graph.getFlattenedGradients() == null) {
            graph.initGradientsView();                         // as fit does, once
        }
        if (flatGradients != graph.getFlattenedGradients()) {
            flatGradients = graph.getFlattenedGradients();
            flatGradientsVector = flatGradients.reshape(flatGradients.length());
            flatParams = graph.params();
        }
        graph.setInputs(batch.getFeatures());
        graph.setLabels(batch.getLabels());
        boolean masked = batch.hasMaskArrays();
        if (masked) {
            graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());   // as fit does
        }
        graph.computeGradientAndScore();
        if (masked) {
            graph.clearLayerMaskArrays();
        }
        return dataLoss();
    }

    /**
     * The rows the last {@link #computeGradient}'s loss is the mean over: the output layer's count
     * (the mask's weights of a batch of items), else the graph's minibatch size.
     */
    double lossRows() {
        return lossLayer != null ? lossLayer.validRows() : graph.batchSize();
    }

    /** The flattened gradient, (numParams), after {@link #computeGradient}. */
    INDArray gradient() {
        return flatGradientsVector;
    }

    /**
     * The updater's step from the flattened gradient ({@code batchSize}: what it divides the
     * gradient by), {@code params -= update}, iteration count + 1.
     */
    void update(int batchSize) {
        ComputationGraphUpdater updater = graph.getUpdater();  // (setLearningRate replaces it)
        int iteration = graph.getIterationCount();
        updater.update(new FlatGradient(graph.gradient(), flatGradients), iteration, graph.getEpochCount(),
                batchSize, updaterWorkspaces);
        flatParams.subi(flatGradientsVector);   // the updates, as NegativeGradientStepFunction
        graph.getConfiguration().setIterationCount(iteration + 1);
    }

    @Override
    public void close() {
        // nothing to release: the step runs on the caller's thread
    }

    /**
     * Whether some parameter of the graph has regularisation (weight decay), from its configuration:
     * the regularisation score itself is 0 while the weights are (a zero-initialised table), and the
     * logged loss would then include the penalty for the rest of the run.
     */
    private static boolean hasRegularization(ComputationGraph graph) {
        if (graph.getLayers() == null) {
            return false;                              // not initialised
        }
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            for (String param : layer.paramTable().keySet()) {
                var r = layer.conf().getLayer().getRegularizationByParam(param);
                if (r != null && !r.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Keeps what the score will add to the loss for the parameters before the update (when the output layer does not report it). */
    private void noteRegularization() {
        if (regularized && lossLayer == null) {
            regularization = graph.calcRegularizationScore(true);
        }
    }

    /** {@code graph.score()} less its regularisation term, which it holds for the parameters before the update. */
    private double dataLoss() {
        if (lossLayer != null) {
            return lossLayer.dataScore();              // the score less its weight-decay term, as the layer computed it
        }
        double score = graph.score();
        return regularized ? score - regularization : score;
    }

    /** The graph's gradient whose {@link #gradient()} is the flattened array itself, not a new view of it. */
    private static final class FlatGradient extends DefaultGradient {
        private final INDArray flat;

        FlatGradient(Gradient perVariable, INDArray flat) {
            super(flat);
            this.flat = flat;
            gradientForVariable().putAll(perVariable.gradientForVariable());
        }

        @Override
        public INDArray gradient() {
            return flat;
        }
    }
}
