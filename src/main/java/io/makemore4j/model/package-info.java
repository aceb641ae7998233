/**
 * The network: the DL4J ComputationGraph of the hierarchical (WaveNet-style) character model
 * ({@link io.makemore4j.model.ModelFactory}; the dilated form, {@code model.type: dilated}, in
 * {@code DilatedModel}), its printable summary ({@link io.makemore4j.model.ModelSummary}), and the
 * conversion of trained parameters between the stock flatten, fused flatten and dilated forms
 * ({@link io.makemore4j.model.ModelConverter}).
 *
 * <p>Depends on {@code io.makemore4j.config} only.
 */
package io.makemore4j.model;
