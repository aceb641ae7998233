/**
 * The networks: the DL4J ComputationGraphs of the hierarchical (WaveNet-style) character model over
 * fixed contexts ({@link io.makemore4j.model.FlattenModel}) and as dilated convolutions over whole
 * items ({@link io.makemore4j.model.DilatedModel}), built from a model section and
 * {@link io.makemore4j.model.GraphSettings}; what they share ({@link io.makemore4j.model.Graphs});
 * their printable summary ({@link io.makemore4j.model.ModelSummary}); and the conversion of trained
 * parameters between the stock flatten, fused flatten and dilated forms
 * ({@link io.makemore4j.model.ModelConverter}). makemore.py's sequence models have their builders in
 * the subpackages ({@code recurrent}, {@code bow}, {@code bigram}, {@code transformer}). Which builder a
 * run uses is chosen by the registry in
 * {@code io.makemore4j.family}.
 *
 * <p>Depends on {@code io.makemore4j.config} only.
 */
package io.makemore4j.model;
