package io.makemore4j.report;

import io.makemore4j.checkpoint.AtomicFiles;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.checkpoint.SampleLog;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes reports from runs' files: the comparison of several runs ({@code report RUN...}: one
 * self-contained HTML file and {@code compare.png} beside it) and a run's own {@code report.html}.
 */
public final class Report {

    /** Samples shown per run. */
    static final int SAMPLES = 30;

    /** Entries of {@code samples-during-training.jsonl} shown per run: the latest. */
    static final int TRAINING_SAMPLES = 10;

    private Report() {
    }

    /**
     * Writes the comparison of {@code runs} to {@code html} and its chart to {@code compare.png} in the
     * same directory (both atomically); returns the summaries it shows.
     */
    public static List<RunSummary> compare(List<RunDirectory> runs, Path html) {
        List<RunSummary> summaries = runs.stream().map(RunReader::read).toList();
        AtomicFiles.writeString(html, ReportPage.html("makemore4j: " + runs.size() + (runs.size() == 1 ? " run" : " runs"), summaries,
                samples(runs, summaries), samplesDuringTraining(runs, summaries), false));
        ComparePlot.draw(summaries, comparePlot(html));
        return summaries;
    }

    /** Where {@link #compare} draws the chart of the report {@code html}: {@code compare.png} beside it. */
    public static Path comparePlot(Path html) {
        return html.getParent() == null ? Path.of("compare.png") : html.resolveSibling("compare.png");
    }

    /**
     * Rewrites {@code run}'s own {@code report.html}, which reloads itself while the run trains; returns
     * the summary it shows.
     */
    public static RunSummary writeRunPage(RunDirectory run) {
        RunSummary summary = RunReader.read(run);
        boolean training = summary.status().state() == RunSummary.State.TRAINING;
        AtomicFiles.writeString(run.report(), ReportPage.html("makemore4j run " + run.name(), List.of(summary),
                samples(List.of(run), List.of(summary)), samplesDuringTraining(List.of(run), List.of(summary)), training));
        return summary;
    }

    /** The first {@link #SAMPLES} lines of each readable run's {@code samples.txt}, by run name. */
    private static Map<String, List<String>> samples(List<RunDirectory> runs, List<RunSummary> summaries) {
        Map<String, List<String>> samples = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            if (summaries.get(i).status().state() != RunSummary.State.DAMAGED) {
                try {
                    samples.put(runs.get(i).name(), new RunFiles(runs.get(i)).readSamples(SAMPLES));
                } catch (BadInputException | EnvironmentException e) {
                    samples.put(runs.get(i).name(), List.of("(samples.txt cannot be read: " + e.getMessage() + ")"));
                }
            }
        }
        return samples;
    }

    /** The latest {@link #TRAINING_SAMPLES} entries of each readable run's samples during training, by run name. */
    private static Map<String, List<SampleLog.Entry>> samplesDuringTraining(List<RunDirectory> runs, List<RunSummary> summaries) {
        Map<String, List<SampleLog.Entry>> during = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            if (summaries.get(i).status().state() != RunSummary.State.DAMAGED) {
                try {
                    List<SampleLog.Entry> entries = SampleLog.read(runs.get(i).samplesDuringTraining());
                    during.put(runs.get(i).name(), entries.subList(Math.max(0, entries.size() - TRAINING_SAMPLES), entries.size()));
                } catch (EnvironmentException e) {
                    during.put(runs.get(i).name(), List.of());
                }
            }
        }
        return during;
    }
}
