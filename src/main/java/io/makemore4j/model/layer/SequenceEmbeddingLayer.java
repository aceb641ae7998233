package io.makemore4j.model.layer;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Runtime layer of {@link SequenceEmbedding}: {@code (batch, T)} character indices to
 * {@code (batch, T, nOut)} rows of the table {@code W} (vocab, nOut), and back. Row copies and
 * additions are done in Java on the arrays' memory ({@link HostView}): no native call at all, where
 * the stock layer makes several per step and repeats the lookup in backprop. In training the output
 * is a buffer reused at every step of the same batch size (the graph consumes it before the next
 * step); in inference it is written into the caller's workspace.
 *
 * <p>Other settings than this model's (bias, an activation, NCW output, masks, rank-3 input) are
 * left to the stock implementation.
 */
public class SequenceEmbeddingLayer extends EmbeddingSequenceLayer {

    private INDArray trainOut;         // (batch*T, nOut) buffer of the last training batch size
    private INDArray trainOut3d;       // (batch, T, nOut) view of it
    private HostView trainOutView;
    private int[] rows = new int[0];   // the indices of the last training forward pass, row-major
    private HostView indexView;
    private HostView tableView;
    private HostView tableGradView;
    private HostView epsilonView;

    /** Created by {@link SequenceEmbedding#instantiate}. */
    public SequenceEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean handled() {
        org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer c = layerConf();
        return !c.hasBias() && c.getOutputFormat() == RNNFormat.NWC && c.getActivationFn() instanceof ActivationIdentity
                && maskArray == null && input != null && input.rank() == 2;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (!handled()) {
            return super.activate(training, workspaceMgr);
        }
        int batch = Math.toIntExact(input.size(0));
        int time = layerConf().getInputLength();
        if (input.size(1) != time) {
            throw new DL4JInvalidInputException("Embedding " + layerId() + ": expected (batch, " + time
                    + ") indices, got " + Arrays.toString(input.shape()));
        }
        int nOut = (int) layerConf().getNOut();
        INDArray out3d;
        HostView out;
        if (training) {
            if (trainOut == null || trainOut.size(0) != (long) batch * time) {
                try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    trainOut = Nd4j.create(dataType, new long[] {(long) batch * time, nOut}, 'c');
                }
                trainOut3d = trainOut.reshape('c', batch, time, nOut);
                trainOutView = HostView.of(trainOut);
                rows = new int[batch * time];
            }
            out3d = trainOut3d;
            out = trainOutView;
        } else {
            out3d = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {batch, time, nOut}, 'c');
            out = HostView.of(out3d);
        }
        INDArray x = input.elementWiseStride() == 1 && input.ordering() == 'c' ? input : input.dup('c');
        indexView = HostView.of(indexView, x);
        tableView = HostView.of(tableView, paramsFlattened);     // W (vocab, nOut) in 'f' order
        int vocab = (int) layerConf().getNIn();
        int[] indices = training ? rows : null;
        for (int r = 0; r < batch * time; r++) {
            double value = indexView.get(r);
            int v = (int) value;
            if (v != value || v < 0 || v >= vocab) {
                throw new DL4JInvalidInputException("Embedding " + layerId() + ": index " + value + " at position " + r
                        + " is not in [0, " + vocab + ")");
            }
            if (indices != null) {
                indices[r] = v;
            }
            for (int j = 0; j < nOut; j++) {
                out.set(r * nOut + j, tableView.get(v + vocab * j));
            }
        }
        return out3d;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (!handled()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        int nOut = (int) layerConf().getNOut();
        int vocab = (int) layerConf().getNIn();
        INDArray eps = epsilon.dataType() == dataType && epsilon.ordering() == 'c' && epsilon.elementWiseStride() == 1
                ? epsilon : epsilon.castTo(dataType).dup('c');                 // (batch, T, nOut)
        if (eps.length() != (long) rows.length * nOut) {
            throw new IllegalStateException("Embedding " + layerId() + ": backprop needs a training forward pass first");
        }
        epsilonView = HostView.of(epsilonView, eps);
        tableGradView = HostView.of(tableGradView, gradientsFlattened);        // dW (vocab, nOut) in 'f' order
        for (int i = 0; i < tableGradView.length(); i++) {
            tableGradView.set(i, 0.0);
        }
        for (int r = 0; r < rows.length; r++) {
            int v = rows[r];
            for (int j = 0; j < nOut; j++) {
                int at = v + vocab * j;
                tableGradView.set(at, tableGradView.get(at) + epsilonView.get(r * nOut + j));
            }
        }
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
        return new Pair<>(g, null);
    }
}
