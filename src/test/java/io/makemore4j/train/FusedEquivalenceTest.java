package io.makemore4j.train;

import io.makemore4j.family.ModelFamily;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.MinibatchSampler;
import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.SplitEvaluator;
import io.makemore4j.eval.SplitLosses;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code model.fused: true} trains to the same results as the stock-layer graph: the training loop
 * on {@code config/tiny.yaml} for 1,000 steps gives per-step losses within 1e-4 and split losses
 * within 0.005 (the equivalence criteria; in practice they agree far closer).
 */
class FusedEquivalenceTest {

    private record Run(List<Double> losses, SplitLosses splits) {
    }

    private static Run train(boolean fused) {
        Config cfg = ConfigLoader.load(Path.of("config/tiny.yaml"),
                List.of("train.steps=1000", "train.eval_every=1000", "model.fused=" + fused));
        PreparedData data = PreparedData.load(cfg.data(), cfg.model().blockSize());
        ComputationGraph graph = ModelFamily.build(cfg, data.vocabulary().size());
        MinibatchSampler sampler = new MinibatchSampler(data.train().rows(), cfg.train().batchSize(), cfg.train().seed());
        MultiDataSet batch = new MultiDataSet(sampler.features(), sampler.labels());
        SplitEvaluator evaluator = new SplitEvaluator(graph);
        List<Double> losses = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onStep(int step, double loss, double learningRate) {
                losses.add(loss);
            }
        };
        new Trainer(cfg.train(), step -> {
            sampler.fill(step);
            return batch;
        }, g -> evaluator.loss(data.val().rows()), List.of(record), step -> false, Faults.NONE).train(graph, 0, Double.NaN);
        return new Run(losses, evaluator.evaluate(data));
    }

    @Test
    void fusedGraphTrainsLikeTheStockGraph() {
        Run stock = train(false);
        Run fused = train(true);
        assertEquals(1000, stock.losses().size());
        double worst = 0;
        for (int i = 0; i < stock.losses().size(); i++) {
            worst = Math.max(worst, Math.abs(stock.losses().get(i) - fused.losses().get(i)));
            assertEquals(stock.losses().get(i), fused.losses().get(i), 1e-4, "loss at step " + (i + 1));
        }
        assertEquals(stock.splits().train(), fused.splits().train(), 0.005, "train loss");
        assertEquals(stock.splits().val(), fused.splits().val(), 0.005, "val loss");
        assertEquals(stock.splits().test(), fused.splits().test(), 0.005, "test loss");
        System.out.printf("fused vs stock, 1000 steps of tiny.yaml: largest per-step loss difference %.2e; "
                + "split losses %s vs %s%n", worst, fused.splits(), stock.splits());
    }
}
