package io.makemore4j.model.sequence;

import io.makemore4j.model.layer.HostView;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Runtime of {@link TokenEmbedding}: {@code out[b, t] = W[x[b, t]] (+ P[t])}, row copies in Java on
 * the tables' memory ({@link HostView}); backprop adds each position's gradient into its rows of
 * {@code dW} (and {@code dP}). {@code rnnTimeStep} takes {@code (rows, 1)} indices and keeps each
 * row's next position in the state {@code "position"} {@code (rows, 1)}.
 */
public class TokenEmbeddingLayer extends SequenceLayer<TokenEmbedding> {

    /** State key: each row's next position, (rows, 1). */
    public static final String POSITION = "position";

    private int[] lastIndices = new int[0];   // (batch*T) of the last training pass, row-major
    private int lastTime;

    public TokenEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return lookup(input, null, training, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() == 3 && input.size(1) == 1) {
            input = input.reshape(input.size(0), input.size(2));   // DL4J makes a (rows, 1) step (rows, 1, 1)
        }
        setInput(input, workspaceMgr);
        int rows = Math.toIntExact(input.size(0));
        int[] first = new int[rows];
        INDArray stored = stateMap.get(POSITION);
        if (stored != null) {
            if (stored.size(0) != rows) {
                throw new IllegalStateException(layerId() + ": the stored state has " + stored.size(0) + " rows, the input " + rows);
            }
            for (int b = 0; b < rows; b++) {
                first[b] = stored.getInt(b, 0);
            }
        }
        INDArray out = lookup(input, first, false, workspaceMgr);
        int[] next = new int[rows];
        for (int b = 0; b < rows; b++) {
            next[b] = first[b] + (int) input.size(1);
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            stateMap.put(POSITION, Nd4j.createFromArray(next).reshape(rows, 1));
        }
        return out;
    }

    /**
     * The embeddings of {@code x} (items, T), row b's positions starting at {@code first[b]} (or 0).
     */
    private INDArray lookup(INDArray x, int[] first, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (x.rank() != 2) {
            throw new DL4JInvalidInputException(layerId() + ": expected (items, T) character indices, got " + Arrays.toString(x.shape()));
        }
        int items = Math.toIntExact(x.size(0));
        int time = Math.toIntExact(x.size(1));
        int vocab = (int) layerConf().getNIn();
        int nOut = (int) layerConf().getNOut();
        int positions = layerConf().getPositions();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {items, time, nOut}, 'c');
        HostView o = HostView.of(out);                                              // (items*T, nOut)
        HostView in = HostView.of(x.ordering() == 'c' && x.elementWiseStride() == 1 ? x : x.dup('c'));
        HostView w = HostView.of(getParam(TokenEmbedding.TOKENS));                  // (vocab, nOut), rows contiguous
        HostView p = positions > 0 ? HostView.of(getParam(TokenEmbedding.POSITIONS)) : null;
        if (training) {
            lastIndices = new int[items * time];
            lastTime = time;
        }
        for (int b = 0; b < items; b++) {
            int start = first == null ? 0 : first[b];
            if (p != null && start + time > positions) {
                throw new DL4JInvalidInputException(layerId() + ": " + (start + time) + " positions, the position table has "
                        + positions + " (model.block_size)");
            }
            for (int t = 0; t < time; t++) {
                int r = b * time + t;
                double value = in.get(r);
                int v = (int) value;
                if (v != value || v < 0 || v >= vocab) {
                    throw new DL4JInvalidInputException(layerId() + ": index " + value + " at row " + b + ", position " + t
                            + " is not in [0, " + vocab + ")");
                }
                if (training) {
                    lastIndices[r] = v;
                }
                o.copyFrom(w, v * nOut, r * nOut, nOut);
                if (p != null) {
                    o.addFrom(p, (start + t) * nOut, r * nOut, nOut);
                }
            }
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        int nOut = (int) layerConf().getNOut();
        if (epsilon.length() != (long) lastIndices.length * nOut) {
            throw new IllegalStateException(layerId() + ": backprop needs a training forward pass of the same batch first");
        }
        INDArray eps = epsilon.dataType() == dataType && epsilon.ordering() == 'c' && epsilon.elementWiseStride() == 1
                ? epsilon : epsilon.castTo(dataType).dup('c');                          // (items, T, nOut)
        HostView e = HostView.of(eps);
        INDArray dW = gradientViews.get(TokenEmbedding.TOKENS);
        HostView gw = HostView.of(dW);
        gw.zero(gw.length());
        HostView gp = null;
        if (layerConf().getPositions() > 0) {
            gp = HostView.of(gradientViews.get(TokenEmbedding.POSITIONS));
            gp.zero(gp.length());
        }
        for (int r = 0; r < lastIndices.length; r++) {
            gw.addFrom(e, r * nOut, lastIndices[r] * nOut, nOut);
            if (gp != null) {
                gp.addFrom(e, r * nOut, (r % lastTime) * nOut, nOut);
            }
        }
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(TokenEmbedding.TOKENS, dW);
        if (gp != null) {
            g.gradientForVariable().put(TokenEmbedding.POSITIONS, gradientViews.get(TokenEmbedding.POSITIONS));
        }
        return new Pair<>(g, null);
    }
}
