package io.makemore4j.cli;

import io.makemore4j.run.Evaluation;
import io.makemore4j.run.TrainedRun;
import io.makemore4j.eval.SplitLosses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code evaluate}: the loss of a trained run on the train, val and test splits. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Print the loss on the train / val / test splits of a run's last (or best) checkpoint.")
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    RunOptions options = new RunOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TrainedRun trained = options.open();
        SplitLosses losses = Evaluation.of(trained.evaluator(), trained.data(), System.console() != null ? System.err : null);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("run %s, checkpoint %s (step %d)%n", trained.run().name(), trained.checkpoint().zip().getFileName(),
                trained.checkpoint().manifest().step());
        out.print(losses.toTable());
        out.flush();
        return ExitCodes.OK;
    }
}
