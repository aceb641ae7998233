/**
 * The run directory {@code checkpoints/<run>/}: checkpoints in DL4J's ModelSerializer format with
 * SHA-256 manifests ({@link io.makemore4j.checkpoint.CheckpointStore}), the vocabulary, resolved
 * config and provenance that {@code evaluate} and {@code sample} need, the loss log and plot,
 * metrics and samples, the run's status record ({@code status.json}) and its writer's lock. Every file is written atomically, so a killed run leaves its last good
 * checkpoint intact.
 */
package io.makemore4j.checkpoint;
