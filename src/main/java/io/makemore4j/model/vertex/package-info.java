/**
 * Custom ComputationGraph vertices of the hierarchical model.
 *
 * <p>{@link io.makemore4j.model.vertex.FlattenConsecutive} is the configuration (serialised into every
 * checkpoint's JSON by its class name, so renaming or moving it breaks old checkpoints);
 * {@link io.makemore4j.model.vertex.FlattenConsecutiveVertex} is the runtime vertex.
 * {@link io.makemore4j.model.vertex.ItemRows} (runtime {@link io.makemore4j.model.vertex.ItemRowsVertex})
 * gives each position of each item its own row before the dilated model's output layer.
 */
package io.makemore4j.model.vertex;
