// Validation-split evaluation speed of a preset's evaluator by chunk size (positions per pass: the
// item evaluator of the whole-item types, the split evaluator's context rows of the flatten type),
// on a graph trained for STEPS steps first (an untrained graph hides the cost: see BENCHMARKS.md,
// "Evaluation chunks"). Two rounds of five chunk sizes, three evaluations each. With the launcher's
// settings:
//
//   MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=4194304 MALLOC_TRIM_THRESHOLD_=67108864 OMP_WAIT_POLICY=PASSIVE \
//   OMP_NUM_THREADS=1 java -Xmx512m -XX:+UseSerialGC -XX:MaxDirectMemorySize=256m -Dorg.bytedeco.javacpp.maxbytes=1g \
//       -cp target/makemore4j.jar bench/EvalChunks.java config/transformer-wide.yaml 200 [NAMES_TXT]

import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.eval.ItemEvaluator;
import io.makemore4j.eval.SplitEvaluator;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.family.ModelType;
import io.makemore4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Path;
import java.util.List;

public class EvalChunks {
    public static void main(String[] args) {
        String names = args.length > 2 ? args[2] : "../shared/datasets/names.txt";
        Config c = ConfigLoader.load(Path.of(args[0]), List.of("data.path=" + names));
        PreparedData data = PreparedData.load(c.data(), c.model().blockSize());
        ComputationGraph g = ModelFamily.build(c, data.vocabulary().size());
        ModelType type = ModelFamily.of(c.model().type());
        Trainer.Batches batches = type.batches(c, data);
        boolean rows = type.evaluator(g, c, data) instanceof SplitEvaluator;   // the flatten type's context rows
        int steps = Integer.parseInt(args[1]);
        for (int s = 0; s < steps; s++) {
            g.fit(batches.batch(s));
        }
        System.out.println(args[0] + ", trained " + steps + " steps, " + (rows ? "split" : "item") + " evaluator");
        for (int round = 0; round < 2; round++) {
            for (int chunk : new int[] {16_384, 4_096, 1_024, 512, 256}) {
                Evaluator e = rows ? new SplitEvaluator(g, chunk) : new ItemEvaluator(g, chunk);
                e.loss(data.val());
                long t0 = System.nanoTime();
                double loss = 0;
                for (int i = 0; i < 3; i++) {
                    loss = e.loss(data.val());
                }
                double s = (System.nanoTime() - t0) / 3e9;
                System.out.printf("chunk %6d  val %.5f  %.3f s  %,.0f positions/s%n", chunk, loss, s, data.val().rows().size() / s);
            }
        }
    }
}
