package io.makemore4j.model.layer;

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
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Runtime layer of {@link ItemEmbedding}: {@code (n, T)} token indices (the boundary token, then each
 * item's characters, then padding) to {@code (1 + n(T-1), nOut)} rows of the table in the layout of
 * {@link ItemLayout}: row 0 is the boundary token's, shared by all items. Lookups and gradient
 * additions are done in Java on the table's memory. In training the output is a detached buffer
 * reused at the next step; in inference it is written into the caller's workspace.
 */
public class ItemEmbeddingLayer extends SequenceEmbeddingLayer {

    private INDArray trainOut;       // (>= rows, nOut), detached
    private HostView trainOutView;
    private int[] tokens = new int[0];   // the token of each output row in the last training pass
    private int rows;
    private HostView tableView;
    private HostView tableGradView;

    /** Created by {@link ItemEmbedding#instantiate}. */
    public ItemEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 2) {
            throw new DL4JInvalidInputException("ItemEmbedding " + layerId() + ": expected (items, T) indices, got "
                    + Arrays.toString(input.shape()));
        }
        int n = Math.toIntExact(input.size(0));
        int time = Math.toIntExact(input.size(1));
        int nOut = (int) layerConf().getNOut();
        int vocab = (int) layerConf().getNIn();
        rows = 1 + n * (time - 1);
        INDArray out;
        HostView outView;
        if (training) {
            if (trainOut == null || trainOut.size(0) < rows) {
                try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    trainOut = Nd4j.create(dataType, new long[] {Math.max(rows, trainOut == null ? 0 : 2 * trainOut.size(0)), nOut}, 'c');
                }
                trainOutView = HostView.of(trainOut);
            }
            out = trainOut.size(0) == rows ? trainOut : trainOut.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
            outView = trainOutView;
            if (tokens.length < rows) {
                tokens = new int[Math.max(rows, 2 * tokens.length)];
            }
        } else {
            out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {rows, nOut}, 'c');
            outView = HostView.of(out);
        }
        INDArray x = input.elementWiseStride() == 1 && input.ordering() == 'c' ? input : input.dup('c');
        HostView in = HostView.of(x);
        tableView = HostView.of(tableView, paramsFlattened);        // W (vocab, nOut) in 'f' order
        for (int i = 0; i < n; i++) {
            for (int q = (i == 0 ? 0 : 1); q < time; q++) {          // position 0: one shared row, from item 0
                double value = in.get(i * time + q);
                int v = (int) value;
                if (v != value || v < 0 || v >= vocab) {
                    throw new DL4JInvalidInputException("ItemEmbedding " + layerId() + ": index " + value + " at item " + i
                            + ", position " + q + " is not in [0, " + vocab + ")");
                }
                int r = ItemLayout.row(i, q, n);
                if (training) {
                    tokens[r] = v;
                }
                for (int j = 0; j < nOut; j++) {
                    outView.set(r * nOut + j, tableView.get(v + vocab * j));
                }
            }
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        int nOut = (int) layerConf().getNOut();
        int vocab = (int) layerConf().getNIn();
        if (epsilon.length() != (long) rows * nOut) {
            throw new IllegalStateException("ItemEmbedding " + layerId() + ": backprop needs a training forward pass first");
        }
        INDArray eps = epsilon.dataType() == dataType && epsilon.ordering() == 'c' && epsilon.elementWiseStride() == 1
                ? epsilon : epsilon.castTo(dataType).dup('c');       // (rows, nOut)
        HostView e = HostView.of(eps);
        tableGradView = HostView.of(tableGradView, gradientsFlattened);   // dW (vocab, nOut) in 'f' order
        tableGradView.zero(tableGradView.length());
        for (int r = 0; r < rows; r++) {
            int v = tokens[r];
            for (int j = 0; j < nOut; j++) {
                int at = v + vocab * j;
                tableGradView.set(at, tableGradView.get(at) + e.get(r * nOut + j));
            }
        }
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
        return new Pair<>(g, null);
    }
}
