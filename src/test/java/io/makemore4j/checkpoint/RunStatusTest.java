package io.makemore4j.checkpoint;

import io.makemore4j.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code status.json}: written and read back as it was, none for a run without one, a damaged one named. */
class RunStatusTest {

    @TempDir
    Path dir;

    @Test
    void readsBackWhatWasWrittenAndNothingWhereThereIsNone() {
        RunFiles files = new RunFiles(RunDirectory.at(dir));
        assertEquals(Optional.empty(), files.readStatus());
        RunStatus diverged = RunStatus.diverged(50, 200, Double.NaN, 12.34567);
        files.writeStatus(diverged);
        RunStatus read = files.readStatus().orElseThrow();
        assertEquals(diverged, read);
        assertEquals(12.346, read.elapsedS(), "to the millisecond, as loss.csv");
        assertEquals(RunStatus.State.DIVERGED, read.state());
        assertEquals(Double.NaN, read.loss());
    }

    @Test
    void aDamagedStatusIsBadInputNamingTheFileAndTheField() throws Exception {
        RunFiles files = new RunFiles(RunDirectory.at(dir));
        Path file = dir.resolve("status.json");
        Files.writeString(file, "{\"state\": \"exploded\", \"step\": 3, \"steps\": 10, \"elapsed_s\": 1.0}");
        BadInputException unknown = assertThrows(BadInputException.class, files::readStatus);
        assertEquals(file + " is not a run status: ", unknown.getMessage().substring(0, (file + " is not a run status: ").length()));
        Files.writeString(file, "{\"state\": \"diverged\", \"step\": 3, \"steps\": 10, \"elapsed_s\": 1.0}");
        assertEquals(file + ": field loss is missing (a diverged run records the loss that stopped it) (the file was edited or damaged)",
                assertThrows(BadInputException.class, files::readStatus).getMessage());
        Files.writeString(file, "{\"state\": \"stopped\", \"step\": -1, \"steps\": 10, \"elapsed_s\": 1.0}");
        assertEquals(file + ": field step must be >= 0, got -1 (the file was edited or damaged)",
                assertThrows(BadInputException.class, files::readStatus).getMessage());
        Files.writeString(file, "null");
        assertEquals(file + ": holds null, not the status of a run (the file was edited or damaged)",
                assertThrows(BadInputException.class, files::readStatus).getMessage());
    }
}
