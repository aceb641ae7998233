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
        assertEquals(List.of("step,loss,lr,val_loss", "1,3.30000,0.100000,", "2,3.10000,0.100000,3.05000", "3,2.90000,0.0100000,"),
                Files.readAllLines(csv));
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
        assertEquals(List.of("step,loss,lr,val_loss", "1,3.30000,0.100000,", "2,3.20000,0.100000,", "3,3.00000,0.100000,"),
                Files.readAllLines(csv));
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
}
