package io.makemore4j.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The curves a view draws from a loss.csv: window means, validation points (bounded), the best and the last row. */
class LossCurveTest {

    @TempDir
    Path dir;

    @Test
    void meansEachWindowOfStepsAtItsMiddleAndKeepsTheBestValidation() throws Exception {
        // steps 1..10, loss = step; validation at 4 (2.5) and 8 (2.0); windows of 4: 1-4, 5-8, 9-10 (partial)
        List<String> rows = new ArrayList<>(List.of("step,loss,lr,val_loss,elapsed_s,wall_time"));
        for (int step = 1; step <= 10; step++) {
            String val = step == 4 ? "2.5" : step == 8 ? "2.0" : "";
            rows.add(String.format(Locale.ROOT, "%d,%d,0.1,%s,%.3f,1700000000.0", step, step, val, step * 0.5));
        }
        Path csv = dir.resolve("loss.csv");
        Files.write(csv, rows);
        LossCurve curve = LossCurve.read(csv, 4);
        assertEquals(List.of(new LossCurve.Point(2.5, 2.5), new LossCurve.Point(6.5, 6.5), new LossCurve.Point(9.5, 9.5)),
                curve.trainMeans());
        assertEquals(List.of(new LossCurve.Point(4, 2.5), new LossCurve.Point(8, 2.0)), curve.validation());
        assertEquals(2.0, curve.bestVal());
        assertEquals(8, curve.bestValStep());
        assertEquals(10, curve.lastStep());
        assertEquals(5.0, curve.elapsedS());
    }

    @Test
    void aLongRunKeepsABoundedNumberOfValidationPointsWithItsLast() throws Exception {
        StringBuilder csv = new StringBuilder("step,loss,lr,val_loss\n");
        int steps = 10 * LossCurve.MAX_POINTS + 7;
        for (int step = 1; step <= steps; step++) {
            csv.append(step).append(",3.0,0.1,").append(3.0 - step * 1e-6).append('\n');
        }
        Path file = dir.resolve("long.csv");
        Files.writeString(file, csv);
        LossCurve curve = LossCurve.read(file, LossCurve.windowFor(steps));
        assertTrue(curve.validation().size() <= 2 * LossCurve.MAX_POINTS + 1, "kept " + curve.validation().size());
        assertTrue(curve.validation().size() >= LossCurve.MAX_POINTS / 2, "kept " + curve.validation().size());
        assertEquals(steps, curve.validation().get(curve.validation().size() - 1).step(), 0, "the last one is always shown");
        assertEquals(steps, curve.bestValStep(), "the best is found over every row, kept or not");
        assertTrue(curve.trainMeans().size() <= LossCurve.WINDOWS + 1, "means: " + curve.trainMeans().size());
        assertTrue(Double.isNaN(curve.elapsedS()), "an old log without elapsed_s");
    }

    @Test
    void aMissingLogHasNoPoints() {
        LossCurve curve = LossCurve.read(dir.resolve("none.csv"), 1);
        assertEquals(List.of(), curve.trainMeans());
        assertEquals(0, curve.lastStep());
        assertEquals(-1, curve.bestValStep());
    }
}
