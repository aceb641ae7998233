package io.makemore4j.cli;

import io.makemore4j.config.ConfigSchema;
import io.makemore4j.run.TrainedRun;
import io.makemore4j.sample.ItemFilter;
import io.makemore4j.sample.SampleTable;
import io.makemore4j.sample.SamplingOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sample}: new items from a trained run, each labelled {@code new} or where it occurs in the corpus. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Sample new items from a run's last (or best) checkpoint.")
public final class SampleCommand implements Callable<Integer> {

    @Mixin
    RunOptions options = new RunOptions();

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "20", description = "Items to sample (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed: the same seed gives the same items (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-t", "--temperature"}, paramLabel = "T", defaultValue = "1.0",
            description = "Below 1: safer, more common items; above 1: wilder (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = {"-k", "--top-k"}, paramLabel = "K", description = "Draw only from the K most likely characters at each step.")
    Integer topK;

    @Option(names = {"-p", "--prefix"}, paramLabel = "STR", defaultValue = "", description = "Text every item starts with.")
    String prefix;

    @Option(names = "--new", description = "Only items in none of the splits (train, val, test): keeps drawing until it has -n of them.")
    boolean fresh;

    @Option(names = "--unique", description = "No item twice: keeps drawing until it has -n distinct items.")
    boolean unique;

    @Option(names = "--max-draws", paramLabel = "N",
            description = "With --new or --unique: the most items drawn in all before giving up (default: 100 x -n).")
    Long maxDraws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        validate(spec.commandLine());
        TrainedRun trained = options.open();
        trained.checkSamples("-n", count);
        ItemFilter filter = new ItemFilter(fresh, unique, maxDraws != null ? maxDraws : 100L * count);
        List<String> items = filter.draw(trained.sampler(), count, new SamplingOptions(seed, temperature, topK == null ? 0 : topK, prefix),
                trained.data());
        PrintWriter out = spec.commandLine().getOut();
        out.print(SampleTable.render(items, trained.data()));
        out.flush();
        return ExitCodes.OK;
    }

    private void validate(CommandLine cli) {
        if (count < 1 || count > ConfigSchema.MAX_SAMPLES) {
            throw new CommandLine.ParameterException(cli, "-n must be from 1 to " + ConfigSchema.MAX_SAMPLES + ", got " + count);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new CommandLine.ParameterException(cli, "--temperature must be a positive number, got " + temperature);
        }
        if (maxDraws != null && maxDraws < count) {
            throw new CommandLine.ParameterException(cli, "--max-draws must be at least -n (" + count + "), got " + maxDraws);
        }
        if (topK != null && topK < 1) {
            throw new CommandLine.ParameterException(cli, "--top-k must be at least 1, got " + topK);
        }
    }
}
