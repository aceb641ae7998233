package io.makemore4j.data;

import io.makemore4j.TestSkips;
import io.makemore4j.config.DataConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: corpus files and the configs that read them. */
final class TestCorpora {

    /** The reference corpus of the published figures, outside the project (absent in some checkouts). */
    static final Path REFERENCE_NAMES = Path.of("../shared/datasets/names.txt");
    /** The project's own default corpus. */
    static final Path PROJECT_NAMES = Path.of("datasets/names.txt");

    private TestCorpora() {
    }

    /** Skips the calling test, {@code test} naming it, unless {@code path} is a file ({@link TestSkips#skip}). */
    static void assumePresent(Path path, String test, String why) {
        if (!Files.isRegularFile(path)) {
            TestSkips.skip(test + " skipped: " + why + " (" + path.toAbsolutePath().normalize() + " is not present)");
        }
    }

    /** The default data config (the reference recipe) for a one-item-per-line file. */
    static DataConfig lines(Path path) {
        return new DataConfig(path.toString(), DataConfig.Format.LINES, "0", false, false, 64,
                List.of(0.8, 0.1, 0.1), 42);
    }

    static DataConfig csv(Path path, String column, boolean header) {
        return new DataConfig(path.toString(), DataConfig.Format.CSV, column, header, false, 64,
                List.of(0.8, 0.1, 0.1), 42);
    }

    static Path write(Path dir, String name, String content) {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
