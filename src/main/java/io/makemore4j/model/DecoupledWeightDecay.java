package io.makemore4j.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's decoupled weight decay ({@code w -= lr * coefficient * w} after the update, as AdamW) without
 * its score term: {@link WeightDecay#score} adds {@code coefficient * 0.5 * |w|^2} to the graph's
 * score, which DL4J computes at every training step (a reduction and an allocation per weight array,
 * a tenth of a small sequence model's step) only for the logged loss, where this project logs the
 * cross-entropy without it. The update is DL4J's own.
 */
public final class DecoupledWeightDecay extends WeightDecay {

    /** Decay by {@code coefficient} times the learning rate. */
    public DecoupledWeightDecay(double coefficient) {
        super(coefficient, true);
    }

    /** For JSON deserialisation. */
    @JsonCreator
    public DecoupledWeightDecay(@JsonProperty("coeff") ISchedule coeff, @JsonProperty("applyLR") boolean applyLR) {
        super(coeff, applyLR);
    }

    /** No score term: the loss the project reports is the cross-entropy alone. */
    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return 0.0;
    }

    @Override
    public Regularization clone() {
        return new DecoupledWeightDecay(coeff.clone(), applyLR);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoupledWeightDecay d && d.applyLR == applyLR && d.coeff.equals(coeff);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 7;
    }
}
