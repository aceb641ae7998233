package io.makemore4j.model;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.family.ModelFamily;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Graphs of a bare model section for tests, built through the model-type registry as a run's are
 * ({@link ModelFamily}), with the updater, weight decay, seed and precision a test needs.
 */
public final class TestGraphs {

    private TestGraphs() {
    }

    /** The configuration with {@code settings}. */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocab, GraphSettings settings) {
        return ModelFamily.of(m.type()).configuration(m, vocab, settings);
    }

    /** The configuration with plain SGD, FLOAT. */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocab, long seed) {
        return configuration(m, vocab, GraphSettings.sgd(seed));
    }

    /** The configuration with {@code updater}, no weight decay. */
    public static ComputationGraphConfiguration configuration(ModelConfig m, int vocab, IUpdater updater, long seed, DataType dtype) {
        return configuration(m, vocab, new GraphSettings(updater, 0.0, seed, dtype));
    }

    /** The initialised graph with {@code settings}. */
    public static ComputationGraph build(ModelConfig m, int vocab, GraphSettings settings) {
        ComputationGraph graph = new ComputationGraph(configuration(m, vocab, settings));
        graph.init();
        return graph;
    }

    /** The initialised graph with plain SGD, FLOAT. */
    public static ComputationGraph build(ModelConfig m, int vocab, long seed) {
        return build(m, vocab, GraphSettings.sgd(seed));
    }

    /** The initialised graph with {@code updater}, no weight decay. */
    public static ComputationGraph build(ModelConfig m, int vocab, IUpdater updater, long seed, DataType dtype) {
        return build(m, vocab, new GraphSettings(updater, 0.0, seed, dtype));
    }

    /** The initialised graph with {@code updater} and decoupled weight decay. */
    public static ComputationGraph build(ModelConfig m, int vocab, IUpdater updater, double weightDecay, long seed,
                                         DataType dtype) {
        return build(m, vocab, new GraphSettings(updater, weightDecay, seed, dtype));
    }
}
