package io.makemore4j.model.layer;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.Arrays;
import java.util.Map;

/**
 * Runtime layer of {@link SoftmaxOutput}: {@code p = softmax(x W + b)} with the sparse cross-entropy
 * loss {@code -mean log p[label]}. A training step ({@link #backpropGradient}) computes the softmax
 * once on preallocated arrays, takes the loss from it in Java (the graph asks for it right after,
 * through {@link #computeScore}), turns it into the gradient {@code p - onehot(label)} in place and
 * multiplies out the weight, bias and input gradients: six native calls. The gradient is summed
 * over the rows, as DL4J's; the updater divides it by the minibatch size.
 *
 * <p>The input may also be {@code (items, T, nIn)}, one row per position of a batch of items (the
 * dilated model), with the graph's mask {@code (items, T)} marking the positions to predict: then
 * the loss is the mean over the valid positions, and its gradient is scaled so that the updater's
 * division by the minibatch size (the graph's, the number of label rows: items x T) gives the
 * gradient of that mean.
 */
public class SoftmaxOutputLayer extends OutputLayer {

    private final Plans<Plan> plans = new Plans<>(Plan::new, p -> p.w != getParam(DefaultParamInitializer.WEIGHT_KEY)
            || p.dWView != gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
    private HostView labelsView;
    /** Sum of the row losses of the last training step, for {@link #computeScore}; NaN when there is none. */
    protected double stepLossSum = Double.NaN;
    /** The last score without the regularisation term: the mean cross-entropy of the predicted rows; NaN before one. */
    private double dataScore = Double.NaN;
    /** Rows that counted in the last loss: all, or the sum of the mask's weights. */
    private double validRows;

    /** Created by {@link SoftmaxOutput#instantiate}. */
    public SoftmaxOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private double clipEps() {
        return ((LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps();
    }

    private INDArray checkedInput() {
        INDArray x = input;                                   // (rows, nIn), or (items, T, nIn): one row per position
        if (x.rank() == 3 && x.size(2) == layerConf().getNIn()) {
            x = x.reshape('c', x.size(0) * x.size(1), x.size(2));
        } else if (x.rank() != 2 || x.size(1) != layerConf().getNIn()) {
            throw new DL4JInvalidInputException("SoftmaxOutput " + layerId() + ": expected input (rows, "
                    + layerConf().getNIn() + ") or (items, T, " + layerConf().getNIn() + "), got " + Arrays.toString(x.shape()));
        }
        return x.dataType() == dataType ? x : x.castTo(dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = checkedInput();
        INDArray p = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {x.size(0), layerConf().getNOut()}, 'c');        // (rows, nOut)
        Nd4j.gemm(x, getParam(DefaultParamInitializer.WEIGHT_KEY), p, false, false, 1.0, 0.0);
        if (layerConf().hasBias()) {
            Nd4j.exec(DynamicCustomOp.builder("add").addInputs(p, getParam(DefaultParamInitializer.BIAS_KEY))
                    .addOutputs(p).build());
        }
        Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(p).addOutputs(p).build());
        return p;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (labels == null) {
            throw new IllegalStateException("SoftmaxOutput " + layerId() + ": no labels set");
        }
        INDArray x = checkedInput();
        Plan p = plans.get(x.size(0));
        p.linear.input(0, x).run();       // p = x W          (rows, nOut)
        if (p.bias != null) {
            p.bias.run();                 // p += b
        }
        p.softmax.run();                  // p = softmax(p)
        // loss, then p - onehot(label) in place: the gradient w.r.t. the logits
        stepLossSum = lossSum(p.probsView, true);
        p.dW.input(0, x).run();           // dW = x^T dlogits (nIn, nOut)
        if (p.dB != null) {
            p.dB.run();                   // db = ones dlogits (1, nOut)
        }
        p.dX.run();                       // dx = dlogits W^T (rows, nIn)
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
        if (p.dB != null) {
            g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, gradientViews.get(DefaultParamInitializer.BIAS_KEY));
        }
        return new Pair<>(g, input.rank() == 3 ? p.dx.reshape('c', input.shape()) : p.dx);
    }

    /**
     * {@code -sum w log p[label]} over the rows, with the mask's value as each row's weight w (1 without
     * a mask; 0 for padding, 2 for a position drawn twice), each probability clipped as LossMCXENT
     * does; also sets {@link #validRows} to the sum of the weights. With {@code toGradient},
     * turns p into the gradient of the loss w.r.t. the logits: {@code p - onehot(label)} on valid rows,
     * 0 on masked ones, scaled by {@code minibatch / validRows} when they differ, so that the updater's
     * division by the minibatch size (DL4J's convention) leaves the mean over the valid rows.
     */
    protected double lossSum(HostView probs, boolean toGradient) {
        labelsView = HostView.of(labelsView, labels.dataType() == dataType && labels.elementWiseStride() == 1
                ? labels : labels.castTo(dataType).dup('c'));
        int rows = labelsView.length();
        int nOut = (int) layerConf().getNOut();
        if (labels.length() != rows || probs.length() != (long) rows * nOut) {
            throw new DL4JInvalidInputException("SoftmaxOutput " + layerId() + ": labels " + Arrays.toString(labels.shape())
                    + " do not match " + rows + " rows of " + nOut + " classes (expected (rows, 1) class indices)");
        }
        HostView mask = null;
        if (maskArray != null) {
            if (maskArray.length() != rows) {
                throw new DL4JInvalidInputException("SoftmaxOutput " + layerId() + ": mask " + Arrays.toString(maskArray.shape())
                        + " does not match " + rows + " rows");
            }
            mask = HostView.of(maskArray.ordering() == 'c' && maskArray.elementWiseStride() == 1 && maskArray.dataType() == dataType
                    ? maskArray : maskArray.castTo(dataType).dup('c'));
        }
        double clip = clipEps();
        double sum = 0;
        double valid = 0;
        for (int r = 0; r < rows; r++) {
            double weight = mask == null ? 1.0 : mask.get(r);
            if (weight == 0) {
                if (toGradient) {
                    for (int j = 0; j < nOut; j++) {
                        probs.set(r * nOut + j, 0.0);
                    }
                }
                continue;
            }
            valid += weight;
            double label = labelsView.get(r);
            int y = (int) label;
            if (y != label || y < 0 || y >= nOut) {
                throw new DL4JInvalidInputException("SoftmaxOutput " + layerId() + ": label " + label + " in row " + r
                        + " is not a class index in [0, " + nOut + ")");
            }
            int at = r * nOut + y;
            double pr = probs.get(at);
            sum -= weight * Math.log(Math.min(Math.max(pr, clip), 1.0 - clip));
            if (toGradient) {
                probs.set(at, pr - 1.0);
                if (weight != 1.0) {
                    for (int j = 0; j < nOut; j++) {
                        probs.set(r * nOut + j, probs.get(r * nOut + j) * weight);
                    }
                }
            }
        }
        validRows = valid;
        long minibatch = labels.size(0);   // what ComputationGraph.batchSize() reports to the updater
        if (toGradient && valid > 0 && valid != minibatch) {   // (w (p - onehot) per row, then this)
            double scale = (double) minibatch / valid;
            for (int i = 0; i < rows * nOut; i++) {
                probs.set(i, probs.get(i) * scale);
            }
        }
        return sum;
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            throw new IllegalStateException("Cannot calculate score without input and labels " + layerId());
        }
        double sum = stepLossSum;
        if (!training || Double.isNaN(sum)) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                INDArray p = activate(training, LayerWorkspaceMgr.noWorkspaces());
                sum = lossSum(HostView.of(p), false);
            }
        }
        stepLossSum = Double.NaN;
        dataScore = validRows > 0 ? sum / validRows : 0.0;
        score = dataScore + fullNetRegTerm;
        return score;
    }

    /**
     * The loss of the last {@link #computeScore}, without its regularisation term: the mean
     * cross-entropy over the predicted rows (NaN before the first).
     */
    public double dataScore() {
        return dataScore;
    }

    /**
     * The rows that counted in the last loss: all of them, or the sum of the mask's weights (the
     * positions a batch of items predicts); what {@link #dataScore} is the mean over.
     */
    public double validRows() {
        return validRows;
    }

    @Override
    public void clear() {
        super.clear();
        stepLossSum = Double.NaN;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        super.setBackpropGradientsViewArray(gradients);
        plans.clear();
    }

    @Override
    public void setParamTable(Map<String, INDArray> paramTable) {
        super.setParamTable(paramTable);
        plans.clear();
    }

    /** The arrays and bound ops of one row count, allocated outside any workspace ({@link Plans}). */
    private final class Plan {
        final INDArray w;          // (nIn, nOut)
        final INDArray dWView;     // (nIn, nOut) gradient view the ops write
        final INDArray probs;      // (rows, nOut) softmax, then dLoss/dlogits
        final INDArray dx;         // (rows, nIn)
        final HostView probsView;
        final BoundOp linear;
        final BoundOp bias;        // null without a bias
        final BoundOp softmax;
        final BoundOp dW;
        final BoundOp dB;          // null without a bias
        final BoundOp dX;

        Plan(long rows) {
            long nIn = layerConf().getNIn();
            long nOut = layerConf().getNOut();
            w = getParam(DefaultParamInitializer.WEIGHT_KEY);
            dWView = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
            boolean hasBias = layerConf().hasBias();
            probs = Nd4j.create(dataType, new long[] {rows, nOut}, 'c');
            dx = Nd4j.create(dataType, new long[] {rows, nIn}, 'c');
            probsView = HostView.of(probs);
            linear = BoundOp.matmul(dx, w, probs, false, false, 1.0, 0.0);      // dx: placeholder for the input
            bias = hasBias ? BoundOp.pairwise("add", probs, getParam(DefaultParamInitializer.BIAS_KEY), probs) : null;
            softmax = BoundOp.of("softmax", new INDArray[] {probs}, new INDArray[] {probs});
            dW = BoundOp.matmul(dx, probs, dWView, true, false, 1.0, 0.0);
            dB = hasBias ? BoundOp.matmul(Nd4j.ones(dataType, 1, rows), probs,
                    gradientViews.get(DefaultParamInitializer.BIAS_KEY).reshape(1, nOut), false, false, 1.0, 0.0) : null;
            dX = BoundOp.matmul(probs, w, dx, false, true, 1.0, 0.0);
        }
    }
}
