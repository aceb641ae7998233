package io.makemore4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.makemore4j.config.BadInputException;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The runs table: one row per run ({@link RunSummary}), as text for a terminal or as JSON for
 * scripts, sorted by a column and filtered by a glob on the run's name.
 */
public final class RunsTable {

    /** A column: its name (as {@code --sort} takes it), its heading, how a row shows it and how rows sort by it. */
    private record Column(String name, String heading, boolean numeric, Function<RunSummary, String> cell,
                          Comparator<RunSummary> order) {
    }

    private static final List<Column> COLUMNS = List.of(
            text("name", "run", RunSummary::name),
            text("type", "type", RunSummary::modelType),
            number("params", "params", r -> Numbers.count(r.trainableParams()), r -> r.trainableParams() < 0 ? Double.NaN : (double) r.trainableParams()),
            number("steps", "steps", r -> r.stepsDone() < 0 ? "-" : r.stepsDone() + "/" + r.stepsPlanned(), r -> r.stepsDone() < 0 ? Double.NaN : (double) r.stepsDone()),
            new Column("status", "status", false, r -> r.status().text(),
                    Comparator.comparing((RunSummary r) -> r.status().state()).thenComparing(r -> r.status().step())),
            number("best_val", "best val", r -> Numbers.lossOrDash(r.bestVal()), RunSummary::bestVal),
            number("best_step", "at step", r -> r.bestValStep() < 0 ? "-" : String.valueOf(r.bestValStep()),
                    r -> r.bestValStep() < 0 ? Double.NaN : r.bestValStep()),
            number("val", "val", r -> Numbers.lossOrDash(r.valLoss()), RunSummary::valLoss),
            number("test", "test", r -> Numbers.lossOrDash(r.testLoss()), RunSummary::testLoss),
            number("time", "time", r -> Numbers.duration(r.elapsedS()), RunSummary::elapsedS),
            text("corpus", "corpus", RunSummary::corpus));

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<RunSummary> rows;

    private RunsTable(List<RunSummary> rows) {
        this.rows = rows;
    }

    /** The column names {@code --sort} accepts. */
    public static List<String> columns() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    /**
     * The table of {@code runs} whose names match {@code glob} (all when null), sorted by {@code sortColumn}
     * (then by name); rows without a value in that column last.
     *
     * @throws BadInputException for a column that does not exist
     */
    public static RunsTable of(List<RunSummary> runs, String glob, String sortColumn) {
        Column sort = COLUMNS.stream().filter(c -> c.name().equals(sortColumn)).findFirst()
                .orElseThrow(() -> new BadInputException("--sort " + sortColumn + ": not a column; use one of "
                        + String.join(", ", columns())));
        PathMatcher matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<RunSummary> rows = runs.stream().filter(r -> matcher == null || matcher.matches(Path.of(r.name())))
                .sorted(sort.order().thenComparing(RunSummary::name)).toList();
        return new RunsTable(rows);
    }

    /** The rows, in order. */
    public List<RunSummary> rows() {
        return rows;
    }

    /** The table as aligned text (numbers right-aligned), then one line per damaged run naming its problem. */
    public String toText() {
        List<String[]> cells = new ArrayList<>();
        cells.add(COLUMNS.stream().map(Column::heading).toArray(String[]::new));
        rows.forEach(r -> cells.add(COLUMNS.stream().map(c -> c.cell().apply(r)).toArray(String[]::new)));
        int[] widths = new int[COLUMNS.size()];
        cells.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(COLUMNS.get(i).numeric() ? pad + row[i] : row[i] + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        rows.stream().filter(r -> r.status().problem() != null)
                .forEach(r -> out.append("damaged ").append(r.name()).append(": ").append(r.status().problem()).append('\n'));
        return out.toString();
    }

    /** The rows as a JSON array of objects; losses and times null where there are none. */
    public String toJson() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RunSummary r : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", r.name());
            o.put("model_type", r.modelType());
            o.put("trainable_params", r.trainableParams() < 0 ? null : r.trainableParams());
            o.put("steps_done", r.stepsDone() < 0 ? null : r.stepsDone());
            o.put("steps_planned", r.stepsPlanned() < 0 ? null : r.stepsPlanned());
            o.put("status", r.status().state().label());
            o.put("status_step", r.status().step() < 0 ? null : r.status().step());
            o.put("status_text", r.status().text());
            o.put("diverged_loss", r.status().state() != RunSummary.State.DIVERGED ? null
                    : Double.isFinite(r.status().loss()) ? r.status().loss() : String.valueOf(r.status().loss()));   // "NaN" as a string
            o.put("killed", r.status().killed());
            o.put("problem", r.status().problem());
            o.put("best_val_loss", finite(r.bestVal()));
            o.put("best_val_step", r.bestValStep() < 0 ? null : r.bestValStep());
            o.put("train_loss", finite(r.trainLoss()));
            o.put("val_loss", finite(r.valLoss()));
            o.put("test_loss", finite(r.testLoss()));
            o.put("elapsed_s", finite(r.elapsedS()));
            o.put("corpus", r.corpus().isEmpty() ? null : r.corpus());
            list.add(o);
        }
        try {
            return JSON.writeValueAsString(list) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Column text(String name, String heading, Function<RunSummary, String> cell) {
        return new Column(name, heading, false, cell, Comparator.comparing(cell));
    }

    /** A numeric column: sorted ascending by {@code value}, rows without one (NaN) last. */
    private static Column number(String name, String heading, Function<RunSummary, String> cell, Function<RunSummary, Double> value) {
        Comparator<RunSummary> order = Comparator.comparing(r -> Double.isNaN(value.apply(r)) ? Double.POSITIVE_INFINITY : value.apply(r));
        return new Column(name, heading, true, cell, order);
    }
}
