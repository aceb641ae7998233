package io.makemore4j.sweep;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.checkpoint.RunStatus;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.SweepFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a sweep has to do: each point's run directory under the run root and whether it is new, was
 * stopped (it exists without {@code metrics.json}: it resumes), or is finished or diverged (kept as
 * it is). Made
 * before anything runs, so that every point's config is checked first, and a run that exists with
 * another config than its point's (the sweep file was edited) is refused, naming the keys.
 *
 * @param sweep   the sweep file
 * @param root    where the runs live ({@code --checkpoints})
 * @param entries one per point, in the file's order
 */
public record SweepPlan(SweepFile sweep, Path root, List<Entry> entries) {

    /** Where a point's run stands before the sweep runs. */
    public enum State {
        /** No run yet: {@code train} creates it. */
        NEW,
        /** A run without final metrics: {@code train --resume} continues it from its last checkpoint. */
        STOPPED,
        /** A run with {@code metrics.json}: kept. */
        FINISHED,
        /** A run whose {@code status.json} says it diverged: kept (resumed, it would diverge again). */
        DIVERGED
    }

    /** One point with its run. */
    public record Entry(SweepFile.Point point, RunDirectory run, State state) {
    }

    /** The plan of {@code sweep} with its runs under {@code root}. */
    public static SweepPlan of(SweepFile sweep, Path root) {
        List<Entry> entries = new ArrayList<>();
        for (SweepFile.Point point : sweep.points()) {
            Config config = sweep.config(point);   // every point checked before anything runs
            RunDirectory run;
            try {
                run = RunDirectory.of(root, point.name());
            } catch (BadInputException e) {
                throw new BadInputException(point.where() + ", point " + point.name() + ": " + e.getMessage(), e);
            }
            entries.add(new Entry(point, run, state(run, config, point)));
        }
        return new SweepPlan(sweep, root, List.copyOf(entries));
    }

    /** The {@code makemore4j} arguments that train an entry's run (empty for a finished or diverged one). */
    public List<String> trainArguments(Entry entry) {
        List<String> args = new ArrayList<>(List.of("train"));
        switch (entry.state()) {
            case FINISHED, DIVERGED -> {
                return List.of();
            }
            case STOPPED -> args.add("--resume");
            case NEW -> {
                args.addAll(List.of("--config", sweep.base().toString()));
                for (String override : concat(sweep.common(), entry.point().overrides())) {
                    args.addAll(List.of("--set", override));
                }
            }
            default -> throw new IllegalStateException(entry.state().toString());
        }
        args.addAll(List.of("--checkpoints", root.toString(), "--run", entry.run().name()));
        return args;
    }

    /** How many entries are in {@code state}. */
    public long count(State state) {
        return entries.stream().filter(e -> e.state() == state).count();
    }

    private static State state(RunDirectory run, Config config, SweepFile.Point point) {
        if (!Files.exists(run.path())) {
            return State.NEW;
        }
        Config saved = new RunFiles(run).readConfig(List.of());
        List<String> changed = ConfigLoader.changedKeys(saved, config);
        if (!changed.isEmpty()) {
            throw new BadInputException(point.where() + ", point " + point.name() + ": run " + run.path() + " exists with other "
                    + "values of " + changed.stream().collect(Collectors.joining(", ")) + " than the sweep gives it; "
                    + "move that run away or give the sweep another name");
        }
        if (Files.exists(run.metrics())) {
            return State.FINISHED;
        }
        boolean diverged = new RunFiles(run).readStatus().map(s -> s.state() == RunStatus.State.DIVERGED).orElse(false);
        return diverged ? State.DIVERGED : State.STOPPED;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
