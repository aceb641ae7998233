package io.makemore4j.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One optimiser step of a graph on a minibatch: forward, backward, update. {@link GraphStep} runs
 * it on the caller's thread; {@link ReplicaStep} splits the minibatch between data-parallel copies
 * of the graph, a thread each, and averages their gradients into one update.
 */
public interface TrainingStep extends AutoCloseable {

    /**
     * Trains on one minibatch and returns its loss: the mean cross-entropy over the positions it
     * predicts, without the regularisation term (weight decay).
     */
    double fit(MultiDataSet batch);

    /** Stops any threads of the step. */
    @Override
    void close();

    /**
     * The step for {@code graph} with {@code replicas} copies ({@code train.replicas}): a
     * {@link GraphStep} for 1, or for a graph that must go through {@code graph.fit} (DL4J
     * listeners, truncated BPTT), else a {@link ReplicaStep}.
     */
    static TrainingStep of(ComputationGraph graph, int replicas) {
        GraphStep single = new GraphStep(graph);
        if (replicas <= 1 || !single.direct()) {
            return single;
        }
        return new ReplicaStep(graph, single, replicas);
    }
}
