package io.makemore4j.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.makemore4j.config.DataConfig;

import java.util.List;
import java.util.Locale;

/**
 * The {@code meta.json} of a prepared corpus ({@link PreparedCorpus}): which corpus and data settings
 * it was made from, and the sizes its files must have.
 *
 * @param format       {@value #FORMAT}, the version of the layout
 * @param corpusSha256 SHA-256 of the corpus file it was made from
 * @param corpusPath   where that file was (for people; the SHA-256 identifies it)
 * @param data         the data settings that shape it: {@link #dataKey}
 * @param items        items, in split order (train, val, test)
 * @param characters   codes in {@code codes.bin}
 * @param codeWidth    bytes per code (1, 2 or 4)
 * @param n1           where the val items start
 * @param n2           where the test items start
 * @param vocabulary   the vocabulary the codes index ({@link Vocabulary#toList()})
 * @param longestItem  the first of the longest items
 */
record PreparedMeta(
        @JsonProperty("format") String format,
        @JsonProperty("corpus_sha256") String corpusSha256,
        @JsonProperty("corpus_path") String corpusPath,
        @JsonProperty("data") String data,
        @JsonProperty("items") int items,
        @JsonProperty("characters") long characters,
        @JsonProperty("code_width") int codeWidth,
        @JsonProperty("n1") int n1,
        @JsonProperty("n2") int n2,
        @JsonProperty("vocabulary") List<String> vocabulary,
        @JsonProperty("longest_item") String longestItem) {

    /** The layout: codes.bin (little-endian codes) and offsets.bin ((items + 1) little-endian longs). */
    static final String FORMAT = "makemore4j-prepared-1";

    /**
     * The data settings that change a prepared form, as one string: how the file is read and how it
     * is split ({@code data.path} is not among them; the corpus is identified by its SHA-256; split
     * files: which splits have one).
     */
    static String dataKey(DataConfig config) {
        String read = String.format(Locale.ROOT, "format=%s column=%s header=%s lowercase=%s max_length=%d",
                config.format().name().toLowerCase(Locale.ROOT), config.column(), config.header(), config.lowercase(),
                config.maxLength());
        if (config.splitFiles()) {   // taken as they are, in file order: data.split and data.seed do not shape it
            return read + " split_files=" + String.join(",", config.files().stream().map(DataConfig.SourceFile::split).toList());
        }
        return read + String.format(Locale.ROOT, " split=%s seed=%d", config.split(), config.seed());
    }
}
