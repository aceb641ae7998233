package io.makemore4j.train;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.TrainConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The loop's checkpoint timing around divergence, on a graph whose losses are scripted. */
class TrainerTest {

    /** A graph that does not learn: each fit only moves to the next scripted loss. */
    private static ComputationGraph scripted(double... losses) {
        ModelConfig model = new ModelConfig(ModelKind.FLATTEN, 4, 3, 5, List.of(2, 2), true, Activation.TANH, false);
        return new ComputationGraph(TestGraphs.configuration(model, 5, 1)) {
            private int fits;

            @Override
            public void fit(MultiDataSet data) {
                fits++;
            }

            @Override
            public double score() {
                return losses[fits - 1];
            }
        };
    }

    private static TrainConfig train(int steps, int checkpointEvery) {
        return ConfigLoader.parse("train:\n  steps: " + steps + "\n  checkpoint_every: " + checkpointEvery
                + "\n  eval_every: 1000\n  diverge_loss: 100\n", "test", List.of()).train();
    }

    private static List<Integer> checkpoints(TrainConfig config, ComputationGraph graph) {
        List<Integer> steps = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onCheckpoint(int step, ComputationGraph g) {
                steps.add(step);
            }
        };
        try {
            new Trainer(config, step -> null, g -> 1.0, List.of(recorder), step -> false, Faults.NONE).train(graph, 0, Double.NaN);
        } catch (TrainingDivergedException e) {
            steps.add(-e.step());
        }
        return steps;
    }

    @Test
    void aCheckpointWaitsWhileTheLossIsAboveDivergeLoss() {
        // due at 4 and 8 with the loss above 100: written at 6 and 9 instead, once it is back below
        assertEquals(List.of(6, 9, 10), checkpoints(train(10, 4), scripted(3, 3, 3, 150, 150, 3, 3, 150, 3, 3)));
    }

    @Test
    void trainingThatDivergesWritesNoCheckpointAfterItsLastGoodStep() {
        // due at 4, 6 and 8 inside the run of high losses that ends training at step 7: none written
        assertEquals(List.of(2, -7), checkpoints(train(10, 2), scripted(3, 3, 150, 150, 150, 150, 150, 3, 3, 3)));
        assertEquals(List.of(2, -3), checkpoints(train(10, 2), scripted(3, 3, Double.NaN, 3)));
    }

    @Test
    void theLastStepIsCheckpointedEvenAboveDivergeLoss() {
        assertEquals(List.of(3, 4), checkpoints(train(4, 3), scripted(3, 3, 3, 150)));
    }

    @Test
    void aNonFiniteLossIsDivergence() {
        assertThrows(TrainingDivergedException.class, () -> new Trainer(train(5, 5), step -> null, g -> 1.0, List.of(),
                step -> false, Faults.NONE).train(scripted(Double.POSITIVE_INFINITY), 0, Double.NaN));
    }
}
