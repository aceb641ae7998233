package io.makemore4j.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading sweep files: the grid's combinations in order, the points, the runs' names, each point's config. */
class SweepFileTest {

    @TempDir
    Path dir;

    @Test
    void aGridIsEveryCombinationWithTheFirstKeySlowest() throws IOException {
        SweepFile sweep = SweepFile.read(write("lr-embd.yaml", "base: config/tiny.yaml", "set: {train.steps: 50}",
                "grid:", "  train.lr: [0.05, 2e-1]", "  model.n_embd: [4, 8]", "  model.flatten: [[2, 2], [4]]"));
        assertEquals("lr-embd", sweep.name());
        assertEquals(List.of("train.steps=50"), sweep.common());
        assertEquals(8, sweep.points().size());
        assertEquals("lr-embd-lr0.05-n_embd4-flatten2x2", sweep.points().get(0).name());
        assertEquals(List.of("train.lr=0.05", "model.n_embd=4", "model.flatten=[2, 2]"), sweep.points().get(0).overrides());
        assertEquals("lr-embd-lr0.05-n_embd4-flatten4", sweep.points().get(1).name());
        assertEquals("lr-embd-lr2e-1-n_embd8-flatten4", sweep.points().get(7).name());
        Config last = sweep.config(sweep.points().get(7));
        assertEquals(0.2, last.train().lr());
        assertEquals(8, last.model().nEmbd());
        assertEquals(List.of(4), last.model().flatten());
        assertEquals(50, last.train().steps());
    }

    @Test
    void pointsAreNamedFromTheirOwnKeysAndKeysSharingANameAreWrittenWhole() throws IOException {
        SweepFile sweep = SweepFile.read(write("s.yaml", "base: config/tiny.yaml", "name: seeds", "points:",
                "  - {}", "  - {train.seed: 1, data.seed: 2}", "  - {train.lr: 0.3}"));
        assertEquals(List.of("seeds-base", "seeds-train_seed1-data_seed2", "seeds-lr0.3"),
                sweep.points().stream().map(SweepFile.Point::name).toList());
        assertEquals(2L, sweep.config(sweep.points().get(1)).data().seed());
    }

    @Test
    void aPointsBadValueNamesThePointAndTheKey() throws IOException {
        SweepFile sweep = SweepFile.read(write("bad.yaml", "base: config/tiny.yaml", "points:", "  - {train.lr: 0.1}",
                "  - {model.n_embd: many}"));
        BadInputException e = assertThrows(BadInputException.class, () -> sweep.config(sweep.points().get(1)));
        assertTrue(e.getMessage().startsWith("sweep " + dir.resolve("bad.yaml") + " line 4, point bad-n_embdmany: --set model.n_embd=many"),
                e.getMessage());
    }

    @Test
    void twoPointsWithTheSameRunNameAreRefused() throws IOException {
        Path file = write("twice.yaml", "base: config/tiny.yaml", "points:", "  - {data.path: a/b}", "  - {data.path: a_b}");
        BadInputException e = assertThrows(BadInputException.class, () -> SweepFile.read(file));
        assertTrue(e.getMessage().contains("line 4: two points would both be run twice-patha_b"), e.getMessage());
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }
}
