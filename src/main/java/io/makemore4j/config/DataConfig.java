package io.makemore4j.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the corpus comes from and how it is split (the {@code data} section): one file split by
 * {@code split} and {@code seed}, or three split files ({@code train_path}, {@code val_path},
 * {@code test_path}) taken as they are.
 *
 * @param path      the corpus file, one item per line (or a CSV file); unused with split files
 * @param format    how the file is read
 * @param column    CSV only: a header name, or a 0-based column index when {@code header} is false
 * @param header    CSV only: whether the first record is a header
 * @param lowercase lower-case every item
 * @param maxLength the longest item accepted, in code points
 * @param split     train / val / test fractions of the items, summing to 1; unused with split files
 * @param seed      seed of the Python-compatible shuffle of the items before splitting; unused with split files
 * @param trainPath the training items' own file, or "" (then {@code path} is split)
 * @param valPath   the validation items' own file, or "" (none: no validation loss, the last checkpoint is the best)
 * @param testPath  the test items' own file, or ""
 */
public record DataConfig(
        String path,
        Format format,
        String column,
        boolean header,
        boolean lowercase,
        int maxLength,
        List<Double> split,
        long seed,
        String trainPath,
        String valPath,
        String testPath) {

    /** Corpus file formats. */
    public enum Format { LINES, CSV }

    /**
     * One file of the corpus: the whole corpus ({@code data.path}), or one split's own file.
     *
     * @param split the split it holds ({@code "train"}, {@code "val"}, {@code "test"}), or null for the whole corpus
     * @param key   the config key that names it
     * @param path  the file
     */
    public record SourceFile(String split, String key, String path) {
    }

    public DataConfig {
        split = List.copyOf(split);
        trainPath = trainPath == null ? "" : trainPath;
        valPath = valPath == null ? "" : valPath;
        testPath = testPath == null ? "" : testPath;
    }

    /** One corpus file split by {@code split} and {@code seed}. */
    public DataConfig(String path, Format format, String column, boolean header, boolean lowercase, int maxLength,
                      List<Double> split, long seed) {
        this(path, format, column, header, lowercase, maxLength, split, seed, "", "", "");
    }

    /** Whether the splits come from their own files ({@code data.train_path} is set). */
    public boolean splitFiles() {
        return !trainPath.isEmpty();
    }

    /** The files read, in the order their items are taken: {@code path}, or train, val (when set) and test. */
    public List<SourceFile> files() {
        if (!splitFiles()) {
            List<SourceFile> one = new ArrayList<>();
            one.add(new SourceFile(null, "data.path", path));
            return one;
        }
        List<SourceFile> files = new ArrayList<>();
        files.add(new SourceFile("train", "data.train_path", trainPath));
        if (!valPath.isEmpty()) {
            files.add(new SourceFile("val", "data.val_path", valPath));
        }
        files.add(new SourceFile("test", "data.test_path", testPath));
        return files;
    }

    /** The corpus for people: {@code path}, or the split files joined by " + ". */
    public String corpusName() {
        return String.join(" + ", files().stream().map(SourceFile::path).toList());
    }

    /** This config with its files at other paths (in the order of {@link #files}). */
    public DataConfig withFiles(List<String> paths) {
        if (!splitFiles()) {
            return new DataConfig(paths.get(0), format, column, header, lowercase, maxLength, split, seed, "", "", "");
        }
        boolean val = !valPath.isEmpty();
        return new DataConfig(path, format, column, header, lowercase, maxLength, split, seed, paths.get(0),
                val ? paths.get(1) : "", paths.get(val ? 2 : 1));
    }
}
