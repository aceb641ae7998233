package io.makemore4j.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The sidecar of a checkpoint zip ({@code step-00005000.json} beside {@code step-00005000.zip}, and
 * {@code best.json} naming the current {@code best-NNNNNNNN.zip}): written after the zip, so a
 * checkpoint without its manifest was never finished and is ignored.
 *
 * @param formatVersion the checkpoint format; a reader refuses versions it does not know
 * @param file          the zip's file name, in the same directory
 * @param sha256        the zip's SHA-256, checked on load
 * @param step          optimiser steps done when it was written
 * @param valLoss       validation loss at that step, when measured (else null)
 * @param created       when it was written (ISO-8601)
 * @param vocabulary    the characters the network predicts, as in {@code vocab.json} (null in
 *                      manifests that predate it): a checkpoint is refused with another vocabulary
 */
public record CheckpointManifest(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("file") String file,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("step") int step,
        @JsonProperty("val_loss") Double valLoss,
        @JsonProperty("created") String created,
        @JsonProperty("vocabulary") List<String> vocabulary) {

    /** The format this version of makemore4j writes and reads. */
    public static final int FORMAT_VERSION = 1;
}
