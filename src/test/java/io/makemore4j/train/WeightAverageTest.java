package io.makemore4j.train;

import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.DataLoader;
import io.makemore4j.family.ModelFamily;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link WeightAverage}: the moving average's arithmetic, its warm-up, and what it hands a checkpoint. */
class WeightAverageTest {

    private static ComputationGraph graph(String optimizer) {
        Config c = ConfigLoader.load(Path.of("config/tiny.yaml"), List.of("train.optimizer=" + optimizer, "train.lr=0.01"));
        return ModelFamily.build(c, 27);
    }

    /** The parameters of a graph as doubles. */
    private static double[] params(ComputationGraph g) {
        return g.params().dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
    }

    @Test
    void theDecayWarmsUpToTheConfiguredValue() {
        WeightAverage average = WeightAverage.startingAt(graph("sgd"), 0.999);
        assertEquals(2.0 / 11, average.decayAt(1), 1e-15);      // the first step's weights count for 9/11
        assertEquals(101.0 / 110, average.decayAt(100), 1e-15);
        assertEquals(0.999, average.decayAt(1_000_000), 0.0);
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.startingAt(graph("sgd"), 1.0));
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.startingAt(graph("sgd"), 0.0));
    }

    /** Each update is averaged = d * averaged + (1 - d) * trained, computed here in double precision. */
    @Test
    void updatesFollowTheFormulaAndLeaveTheTrainedWeightsAlone() {
        ComputationGraph trained = graph("sgd");
        WeightAverage average = WeightAverage.startingAt(trained, 0.9);
        double[] expected = params(trained);
        assertArrayEquals(expected, params(average.model()), 0.0, "the average starts at the trained weights");
        assertNotSame(trained.params(), average.model().params());
        for (int step = 1; step <= 30; step++) {
            trained.params().addi(Nd4j.randn(trained.params().dataType(), trained.params().shape()).muli(0.1));   // a "step"
            double[] now = params(trained);
            average.update(step);
            double d = average.decayAt(step);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = d * expected[i] + (1 - d) * now[i];
            }
            assertArrayEquals(now, params(trained), 0.0, "the trained weights are not touched");
        }
        assertArrayEquals(expected, params(average.model()), 1e-5);
    }

    /** A checkpoint of the average carries the trained graph's optimiser state and counts, and resumes to the same average. */
    @Test
    void forCheckpointCarriesTheOptimiserStateAndResumesToTheSameAverage() {
        ComputationGraph trained = graph("adam");
        Config c = ConfigLoader.load(Path.of("config/tiny.yaml"), List.of("train.optimizer=adam", "train.lr=0.01"));
        Trainer.Batches batches = ModelFamily.of(c.model().type()).batches(c, DataLoader.standard().load(c.data(), 4));
        WeightAverage average = WeightAverage.startingAt(trained, 0.95);
        try (TrainingStep step = TrainingStep.of(trained, 1)) {
            for (int s = 0; s < 5; s++) {
                step.fit(batches.batch(s));
                average.update(s + 1);
            }
        }
        ComputationGraph saved = average.forCheckpoint();
        INDArray state = trained.getUpdater().getStateViewArray();
        assertEquals(state, saved.getUpdater().getStateViewArray(), "Adam's moments go with the averaged model");
        assertEquals(5, saved.getIterationCount());
        assertArrayEquals(params(average.model()), params(saved), 0.0);

        WeightAverage resumed = WeightAverage.resumed(trained, saved.params().dup(), 0.95);
        assertArrayEquals(params(average.model()), params(resumed.model()), 0.0);
        average.update(6);
        resumed.update(6);
        assertArrayEquals(params(average.model()), params(resumed.model()), 0.0, "the resumed average moves as the original");
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.resumed(trained, Nd4j.zeros(3), 0.95));
    }
}
