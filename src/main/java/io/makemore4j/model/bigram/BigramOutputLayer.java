package io.makemore4j.model.bigram;

import io.makemore4j.model.layer.HostView;
import io.makemore4j.model.layer.SoftmaxOutputLayer;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link BigramOutput}: each position's row of the table, softmaxed in Java, and in
 * backprop each position's {@code p - onehot(label)} added into its row of {@code dW}; the loss and
 * the mask as {@link SoftmaxOutputLayer}.
 */
public class BigramOutputLayer extends SoftmaxOutputLayer {

    private int[] lastIndices = new int[0];
    private INDArray trainProbs;       // (rows, vocab) of the last training step, then the logits' gradient

    public BigramOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The previous characters, flattened in row order ((items, T), or DL4J's (rows, 1, 1) of a time step). */
    private int[] indices() {
        INDArray x = input.dup('c');
        int vocab = (int) layerConf().getNIn();
        int[] out = new int[(int) x.length()];
        HostView v = HostView.of(x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE ? x : x.castTo(dataType));
        for (int i = 0; i < out.length; i++) {
            double value = v.get(i);
            out[i] = (int) value;
            if (out[i] != value || out[i] < 0 || out[i] >= vocab) {
                throw new DL4JInvalidInputException(layerId() + ": index " + value + " at row " + i + " is not in [0, " + vocab + ")");
            }
        }
        return out;
    }

    /** softmax(W[index]) for each index into {@code probs} (rows, vocab). */
    private void probabilities(int[] idx, INDArray probs) {
        int vocab = (int) layerConf().getNOut();
        HostView w = HostView.of(getParam(DefaultParamInitializer.WEIGHT_KEY));   // (vocab, vocab), 'f' order
        HostView p = HostView.of(probs);
        double[] row = new double[vocab];
        for (int r = 0; r < idx.length; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < vocab; j++) {
                row[j] = w.get(idx[r] + vocab * j);
                max = Math.max(max, row[j]);
            }
            double sum = 0;
            for (int j = 0; j < vocab; j++) {
                row[j] = Math.exp(row[j] - max);
                sum += row[j];
            }
            for (int j = 0; j < vocab; j++) {
                p.set(r * vocab + j, row[j] / sum);
            }
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        int[] idx = indices();
        INDArray p = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {idx.length, layerConf().getNOut()}, 'c');
        probabilities(idx, p);
        return p;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (labels == null) {
            throw new IllegalStateException(layerId() + ": no labels set");
        }
        int vocab = (int) layerConf().getNOut();
        lastIndices = indices();
        if (trainProbs == null || trainProbs.size(0) != lastIndices.length) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                trainProbs = Nd4j.create(dataType, lastIndices.length, vocab);
            }
        }
        probabilities(lastIndices, trainProbs);
        HostView p = HostView.of(trainProbs);
        stepLossSum = lossSum(p, true);                                             // p is now dLoss/dlogits
        INDArray dW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        HostView g = HostView.of(dW);
        g.zero(g.length());
        for (int r = 0; r < lastIndices.length; r++) {
            for (int j = 0; j < vocab; j++) {
                int at = lastIndices[r] + vocab * j;
                g.set(at, g.get(at) + p.get(r * vocab + j));
            }
        }
        Gradient grad = new DefaultGradient();
        grad.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, dW);
        return new Pair<>(grad, null);
    }
}
