package io.makemore4j.data;

import io.makemore4j.config.DataConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of each file of a corpus ({@link DataConfig#files}, in that order) and the corpus's
 * own: for one file, that file's; for split files, the SHA-256 of a text naming each split and its
 * file's SHA-256 (so another file for any split, or a split file added or left out, is another
 * corpus). The corpus's SHA-256 identifies it in provenance and in the prepared-corpus cache.
 *
 * @param config the data settings whose files these are
 * @param files  lower-case hex SHA-256 of each file's bytes
 */
public record CorpusDigest(DataConfig config, List<String> files) {

    public CorpusDigest {
        files = List.copyOf(files);
        if (files.size() != config.files().size()) {
            throw new IllegalArgumentException("one SHA-256 per file of " + config.corpusName() + ", got " + files.size());
        }
    }

    /** Reads and hashes every file that {@code config} names. */
    public static CorpusDigest of(DataConfig config) {
        List<String> shas = config.files().stream()
                .map(f -> CorpusText.sha256(Path.of(f.path()), CorpusReader.where(f))).toList();
        return new CorpusDigest(config, shas);
    }

    /** The corpus's SHA-256: the one file's, or the split files' combined. */
    public String sha256() {
        if (!config.splitFiles()) {
            return files.get(0);
        }
        StringBuilder text = new StringBuilder("makemore4j split files\n");
        List<DataConfig.SourceFile> sources = config.files();
        for (int i = 0; i < files.size(); i++) {
            text.append(sources.get(i).split()).append(' ').append(files.get(i)).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
