package io.makemore4j.model.layer;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Inverted dropout whose mask is a pure function of {@code (seed, salt, iteration, shape)}: each
 * value is zeroed with probability {@code rate} and the others are scaled by {@code 1 / (1 - rate)},
 * as PyTorch's {@code nn.Dropout(rate)}. DL4J's own {@code Dropout} draws from ND4J's global random
 * generator, whose state a checkpoint does not hold, so a resumed run would draw other masks; this
 * one draws from a generator seeded by the training seed, the layer's salt and the graph's iteration
 * (the step, which the checkpoint does hold), so {@code --resume} reproduces an uninterrupted run
 * exactly, and a gradient check sees the same mask at every evaluation of one iteration.
 *
 * <p>Use it as a DL4J layer's {@code dropOut(...)}, or call {@link #mask} from a custom layer for an
 * inner dropout (e.g. on attention weights). Give each place its own salt: two places with the same
 * salt draw the same mask. Not thread-safe; one instance per layer (DL4J clones it per layer).
 */
public final class StepDropout implements IDropout {

    private double rate;
    private long seed;
    private long salt;
    private transient INDArray lastMask;   // the mask of the last applyDropout, for backprop

    /** For JSON deserialisation. */
    public StepDropout() {
    }

    /**
     * @param rate the fraction of values zeroed, in [0, 1)
     * @param seed the training seed ({@code train.seed})
     * @param salt distinguishes the places that draw masks in one graph (e.g. a layer's index)
     */
    public StepDropout(double rate, long seed, long salt) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.seed = seed;
        this.salt = salt;
    }

    /** The fraction of values zeroed. */
    public double getRate() {
        return rate;
    }

    public void setRate(double rate) {
        this.rate = rate;
    }

    /** The training seed the masks derive from. */
    public long getSeed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    /** What distinguishes this place's masks from other places' in the same graph. */
    public long getSalt() {
        return salt;
    }

    public void setSalt(long salt) {
        this.salt = salt;
    }

    /**
     * The mask of {@code (seed, salt, iteration)} for {@code length} values, in order: each 0 with
     * probability {@code rate}, else {@code 1 / (1 - rate)}.
     */
    public static float[] mask(long seed, long salt, int iteration, int length, double rate) {
        SplittableRandom random = new SplittableRandom(mix64(mix64(mix64(seed) + salt) + iteration));
        float keep = (float) (1.0 / (1.0 - rate));
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = random.nextDouble() < rate ? 0f : keep;
        }
        return out;
    }

    @Override
    public INDArray applyDropout(INDArray inputActivations, INDArray resultArray, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        if (rate == 0) {
            lastMask = null;
            return resultArray.assign(inputActivations);
        }
        float[] values = mask(seed, salt, iteration, Math.toIntExact(inputActivations.length()), rate);
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            lastMask = Nd4j.createFromArray(values).castTo(inputActivations.dataType()).reshape('c', inputActivations.shape());
        }
        return Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp(
                inputActivations, lastMask, resultArray))[0];
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (lastMask == null) {
            return gradAtInput.assign(gradAtOutput);
        }
        return Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp(
                gradAtOutput, lastMask, gradAtInput))[0];
    }

    @Override
    public void clear() {
        lastMask = null;
    }

    @Override
    public StepDropout clone() {
        return new StepDropout(rate, seed, salt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepDropout d && d.rate == rate && d.seed == seed && d.salt == salt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rate, seed, salt);
    }

    @Override
    public String toString() {
        return "StepDropout(rate=" + rate + ", seed=" + seed + ", salt=" + salt + ")";
    }

    /** SplitMix64's finaliser: spreads nearby seeds over the whole range. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
