package io.makemore4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.makemore4j.checkpoint.LossLog;
import io.makemore4j.config.EnvironmentException;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sweep's runs as a table, one row a point, from each run's own files: its values of the swept
 * keys, how it ended, its step ({@code metrics.json}'s, or {@code loss.csv}'s last row for an
 * unfinished run) and its final split losses ({@code metrics.json}, to four decimals as {@code train}
 * prints them).
 */
public final class SweepTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepTable() {
    }

    /** The table's lines, columns aligned. */
    public static List<String> lines(List<SweepRunner.Result> results) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("run"));
        results.stream().findFirst().ifPresent(r -> r.entry().point().overrides().forEach(o -> header.add(o.substring(0, o.indexOf('=')))));
        header.addAll(List.of("status", "step", "train", "val", "test"));
        rows.add(header);
        for (SweepRunner.Result result : results) {
            rows.add(row(result));
        }
        int[] widths = new int[header.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + widths[Math.min(i, widths.length - 1)] + "s", row.get(i)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static List<String> row(SweepRunner.Result result) {
        SweepPlan.Entry entry = result.entry();
        List<String> row = new ArrayList<>(List.of(entry.run().name()));
        entry.point().overrides().forEach(o -> row.add(o.substring(o.indexOf('=') + 1)));
        JsonNode metrics = metrics(entry);
        int step = metrics != null ? metrics.get("step").asInt() : lastStep(entry);
        boolean exists = Files.isDirectory(entry.run().path());
        row.add(switch (result.status()) {
            case FINISHED -> "finished";
            case STOPPED, NOT_STARTED -> exists ? "stopped at step " + step : "not started";
            case DIVERGED -> "diverged";
            case FAILED -> "failed (exit " + result.exitCode() + ")";
        });
        row.add(Integer.toString(step));
        for (String split : List.of("train_loss", "val_loss", "test_loss")) {
            row.add(metrics == null ? "-" : String.format(Locale.ROOT, "%.4f", metrics.get(split).asDouble()));
        }
        return row;
    }

    private static JsonNode metrics(SweepPlan.Entry entry) {
        if (!Files.isRegularFile(entry.run().metrics())) {
            return null;
        }
        try {
            return JSON.readTree(entry.run().metrics().toFile());
        } catch (IOException e) {
            throw EnvironmentException.of("read", entry.run().metrics(), e);
        }
    }

    private static int lastStep(SweepPlan.Entry entry) {
        List<LossLog.Point> points = LossLog.read(entry.run().lossCsv());
        return points.isEmpty() ? 0 : points.get(points.size() - 1).step();
    }
}
