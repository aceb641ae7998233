package io.makemore4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossLogTest {

    @Test
    void writesOneRowPerStepWithValidationWhereMeasured(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("loss.csv");
        try (LossLog log = new LossLog(csv, 0)) {
            log.onStep(1, 3.3, 0.1);
            log.onStep(2, 3.1, 0.1);
            log.onValidation(2, 3.05, true, null);
            log.onStep(3, 2.9, 0.01);
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,loss,lr,val_loss,elapsed_s,wall_time", lines.get(0));
        assertEquals(List.of("1,3.30000,0.100000,", "2,3.10000,0.100000,3.05000", "3,2.90000,0.0100000,"),
                withoutTimes(lines.subList(1, lines.size())));
    }

    @Test
    void resumeCutsTheLogBackToTheCheckpointStep(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("loss.csv");
        try (LossLog log = new LossLog(csv, 0)) {
            for (int step = 1; step <= 10; step++) {
                log.onStep(step, 3.0 - step * 0.1, 0.1);
            }
        }
        try (LossLog resumed = new LossLog(csv, 6)) {
            assertEquals(6, resumed.points().size());
            resumed.onStep(7, 1.0, 0.1);
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals(8, lines.size());
        assertTrue(lines.get(7).startsWith("7,1.00000"));
    }

    @Test
    void aHalfWrittenLastRowOfAKilledRunIsDropped(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("loss.csv");
        Files.writeString(csv, "step,loss,lr,val_loss\n1,3.30000,0.100000,\n2,3.20000,0.100000,\n3,3.1");
        try (LossLog resumed = new LossLog(csv, 2)) {
            assertEquals(2, resumed.points().size());
            resumed.onStep(3, 3.0, 0.1);
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals(List.of("1,3.30000,0.100000,", "2,3.20000,0.100000,", "3,3.00000,0.100000,"), withoutTimes(lines.subList(1, 4)));
        assertEquals(",", lines.get(1).substring(lines.get(1).length() - 1), "a log without times keeps its rows' times unknown");
    }

    @Test
    void theTrainingClockContinuesAcrossResumes(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("loss.csv");
        double before = System.currentTimeMillis() / 1e3;
        try (LossLog log = new LossLog(csv, 0)) {
            for (int step = 1; step <= 5; step++) {
                Thread.sleep(20);
                log.onStep(step, 3.0, 0.1);
            }
        }
        List<LossLog.Point> first = LossLog.read(csv);
        assertTrue(first.get(4).elapsedS() >= 0.1, "five steps of 20 ms: " + first.get(4));
        assertTrue(first.get(0).wallTime() >= Math.floor(before) && first.get(0).wallTime() <= System.currentTimeMillis() / 1e3 + 1);
        try (LossLog resumed = new LossLog(csv, 4)) {   // resumed from the checkpoint at step 4
            resumed.onStep(5, 2.9, 0.1);
        }
        List<LossLog.Point> second = LossLog.read(csv);
        assertEquals(5, second.size());
        assertTrue(second.get(4).elapsedS() >= first.get(3).elapsedS(), "the clock goes on from the kept row: " + second);
        assertTrue(second.get(4).elapsedS() < first.get(3).elapsedS() + 1.0, "and does not count the time between sessions");
    }

    /** Each line without its last two cells (the times, which differ from run to run). */
    private static List<String> withoutTimes(List<String> lines) {
        return lines.stream().map(l -> l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1))).toList();
    }

    @Test
    void plotIsAPng(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("loss.csv");
        try (LossLog log = new LossLog(csv, 0)) {
            for (int step = 1; step <= 2500; step++) {
                log.onStep(step, 3.0 / Math.sqrt(step), 0.1);
                if (step % 500 == 0) {
                    log.onValidation(step, 3.1 / Math.sqrt(step), true, null);
                }
            }
            LossPlot.draw(log.points(), "test", dir.resolve("loss.png"));
        }
        byte[] png = Files.readAllBytes(dir.resolve("loss.png"));
        assertTrue(png.length > 1000);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void aRowThatIsNotNumbersIsNamedByFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("loss.csv");
        Files.writeString(csv, "step,loss,lr,val_loss\n1,3.3,0.1,\n2,x,0.1,\n");
        io.makemore4j.config.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.makemore4j.config.BadInputException.class, () -> LossRows.check(csv));
        assertEquals("run file " + csv + " line 3: column loss is not a number: 'x'", e.getMessage());
        Files.writeString(csv, "step,loss,lr\n2,3.3,0.1\n2,3.2,0.1\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(io.makemore4j.config.BadInputException.class, () -> LossRows.check(csv));
        assertTrue(e.getMessage().startsWith("run file " + csv + " line 3: step 2 after step 2"), e.getMessage());
        Files.writeString(csv, "loss,step\n3.3,1\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(io.makemore4j.config.BadInputException.class, () -> LossRows.check(csv));
        assertTrue(e.getMessage().startsWith("run file " + csv + " line 1: the header must begin with step,loss,lr"), e.getMessage());
    }

    @Test
    void theLogStreamsLongRunsAndKeepsABoundedNumberOfPointsForThePlot(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("loss.csv");
        int steps = 5 * LossLog.MAX_POINTS;
        try (LossLog log = new LossLog(csv, 0)) {
            for (int step = 1; step <= steps; step++) {
                log.onStep(step, 3.0, 0.1);
            }
        }
        assertEquals(steps, LossRows.check(csv), "every row is written");
        try (LossLog resumed = new LossLog(csv, steps - 1)) {
            List<LossLog.Point> points = resumed.points();
            assertTrue(points.size() >= LossLog.MAX_POINTS && points.size() < 2 * LossLog.MAX_POINTS, "kept " + points.size());
            assertEquals(0, points.get(1).step() % (points.get(1).step() - points.get(0).step()), "evenly thinned");
        }
        assertEquals(steps - 1, LossRows.check(csv), "cut back to the step resumed from, streaming");
    }
}
