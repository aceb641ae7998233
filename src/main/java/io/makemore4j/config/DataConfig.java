package io.makemore4j.config;

import java.util.List;

/**
 * Where the corpus comes from and how it is split (the {@code data} section).
 *
 * @param path      the corpus file, one item per line (or a CSV file)
 * @param format    how the file is read
 * @param column    CSV only: a header name, or a 0-based column index when {@code header} is false
 * @param header    CSV only: whether the first record is a header
 * @param lowercase lower-case every item
 * @param maxLength the longest item accepted, in code points
 * @param split     train / val / test fractions of the items, summing to 1
 * @param seed      seed of the Python-compatible shuffle of the items before splitting
 */
public record DataConfig(
        String path,
        Format format,
        String column,
        boolean header,
        boolean lowercase,
        int maxLength,
        List<Double> split,
        long seed) {

    /** Corpus file formats. */
    public enum Format { LINES, CSV }

    public DataConfig {
        split = List.copyOf(split);
    }
}
