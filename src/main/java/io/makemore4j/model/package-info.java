/**
 * The network: the DL4J ComputationGraph of the hierarchical (WaveNet-style) character model
 * ({@link io.makemore4j.model.ModelFactory}) and its printable summary
 * ({@link io.makemore4j.model.ModelSummary}).
 *
 * <p>Depends on {@code io.makemore4j.config} only.
 */
package io.makemore4j.model;
