package io.makemore4j.config;

/**
 * How a run keeps its checkpoints (the {@code checkpoint} section).
 *
 * @param keepLast  how many periodic checkpoints are kept (plus the best one)
 * @param minFreeMb free disk space, in MiB, required before training starts
 */
public record CheckpointConfig(int keepLast, long minFreeMb) {
}
