package io.makemore4j.model.layer;

/**
 * A layer of a sequence model: for a batch of {@code (B, T)} item positions it outputs one vector of
 * {@code nOut} per position, {@code (B, T, nOut)} (or {@code (B*T, nOut)} rows, {@link #rowsPerPosition}).
 * {@code ModelSummary} shows such a layer with its own {@link #summaryKind}.
 */
public interface PositionwiseLayer {

    /** What the layer is, for the summary table, e.g. {@code GRU} or {@code Embedding+Positions}. */
    String summaryKind();

    /** Whether its output is {@code (B*T, nOut)}, one row per position, rather than {@code (B, T, nOut)}. */
    default boolean rowsPerPosition() {
        return false;
    }
}
