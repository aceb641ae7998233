package io.makemore4j.cli;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.config.BadInputException;
import io.makemore4j.run.TrainedRun;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which trained run and checkpoint {@code evaluate} and {@code sample} read. */
public final class RunOptions {

    @Option(names = {"-r", "--run"}, paramLabel = "NAME", required = true,
            description = "The run: a name under --checkpoints, or the path of a run directory.")
    String run;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "A checkpoint zip (or its .json manifest) to load instead of the run's last one.")
    Path checkpoint;

    @Option(names = "--best", description = "Load the best checkpoint (lowest validation loss; best.json names it) instead of the last one.")
    boolean best;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "checkpoints",
            description = "Where runs live (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override a key of the run's saved config, e.g. --set data.path=moved/names.txt.")
    List<String> overrides = new ArrayList<>();

    /** The run these options name, opened and checked. */
    TrainedRun open() {
        RunDirectory dir = Files.isDirectory(Path.of(run)) && run.contains("/") ? RunDirectory.at(Path.of(run))
                : RunDirectory.of(root, run);
        if (best && checkpoint != null) {
            throw new BadInputException("give either --best or --checkpoint, not both");
        }
        TrainedRun.Choice choice = checkpoint != null ? new TrainedRun.Choice.File(checkpoint)
                : best ? new TrainedRun.Choice.Best() : new TrainedRun.Choice.Latest();
        return TrainedRun.open(dir, overrides, choice);
    }
}
