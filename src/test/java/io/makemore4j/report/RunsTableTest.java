package io.makemore4j.report;

import io.makemore4j.config.BadInputException;
import io.makemore4j.report.RunSummary.State;
import io.makemore4j.report.RunSummary.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runs table: sorting with missing values last, the glob, the aligned text, JSON nulls. */
class RunsTableTest {

    private static RunSummary run(String name, Status status, double val, double elapsed) {
        return new RunSummary(name, "flatten", 72_617, 400, 400, status, val, 400, val, val, val + 0.01, elapsed, "names.txt",
                Map.of(), null);
    }

    private final List<RunSummary> runs = List.of(
            run("b-fast", new Status(State.FINISHED, 400, Double.NaN, false, null), 2.1, 30),
            run("a-slow", new Status(State.FINISHED, 400, Double.NaN, false, null), 2.3, 95),
            run("c-stopped", new Status(State.STOPPED, 120, Double.NaN, false, null), Double.NaN, 12.5),
            RunSummary.damaged("d-bad", "run file x/loss.csv line 3: column loss is not a number: 'lots'"));

    @Test
    void sortsByAColumnWithRunsWithoutAValueLastThenByName() {
        assertEquals(List.of("b-fast", "a-slow", "c-stopped", "d-bad"), names(RunsTable.of(runs, null, "val")));
        assertEquals(List.of("a-slow", "b-fast", "c-stopped", "d-bad"), names(RunsTable.of(runs, null, "name")));
        assertEquals(List.of("c-stopped", "b-fast", "a-slow", "d-bad"), names(RunsTable.of(runs, null, "time")));
        assertEquals(List.of("a-slow", "b-fast", "c-stopped", "d-bad"), names(RunsTable.of(runs, null, "status")));
        assertEquals(List.of("a-slow", "b-fast"), names(RunsTable.of(runs, "[ab]-*", "name")));
        BadInputException e = assertThrows(BadInputException.class, () -> RunsTable.of(runs, null, "size"));
        assertTrue(e.getMessage().startsWith("--sort size: not a column; use one of name, type,"), e.getMessage());
    }

    @Test
    void printsAlignedColumnsAndTheProblemOfEachDamagedRun() {
        List<String> lines = RunsTable.of(runs, null, "name").toText().lines().toList();
        assertEquals(6, lines.size(), String.join("\n", lines));
        assertEquals("run        type     params    steps  status               best val  at step     val    test   time  corpus",
                lines.get(0));
        assertEquals("a-slow     flatten  72,617  400/400  finished               2.3000      400  2.3000  2.3100  1m35s  names.txt",
                lines.get(1));
        assertEquals("c-stopped  flatten  72,617  400/400  stopped at step 120         -      400       -       -  12.5s  names.txt",
                lines.get(3));
        assertEquals("d-bad                    -        -  damaged                     -        -       -       -      -", lines.get(4));
        assertEquals("damaged d-bad: run file x/loss.csv line 3: column loss is not a number: 'lots'", lines.get(5));
    }

    @Test
    void writesJsonWithNullWhereThereIsNoValue() {
        String json = RunsTable.of(runs, "c-*", "name").toJson();
        assertTrue(json.contains("\"val_loss\" : null"), json);
        assertTrue(json.contains("\"status_text\" : \"stopped at step 120\""), json);
        assertTrue(json.contains("\"elapsed_s\" : 12.5"), json);
    }

    private static List<String> names(RunsTable table) {
        return table.rows().stream().map(RunSummary::name).toList();
    }
}
