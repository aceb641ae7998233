package io.makemore4j.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The sidecar of a checkpoint zip ({@code step-00005000.json} beside {@code step-00005000.zip}):
 * written after the zip, so a checkpoint without its manifest was never finished and is ignored.
 *
 * @param formatVersion the checkpoint format; a reader refuses versions it does not know
 * @param file          the zip's file name, in the same directory
 * @param sha256        the zip's SHA-256, checked on load
 * @param step          optimiser steps done when it was written
 * @param valLoss       validation loss at that step, when measured (else null)
 * @param created       when it was written (ISO-8601)
 */
public record CheckpointManifest(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("file") String file,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("step") int step,
        @JsonProperty("val_loss") Double valLoss,
        @JsonProperty("created") String created) {

    /** The format this version of makemore4j writes and reads. */
    public static final int FORMAT_VERSION = 1;
}
