/**
 * Custom layers of the hierarchical model. {@link io.makemore4j.model.layer.FusedLinearBatchNorm} is
 * the configuration of the fused Linear + BatchNorm + activation layer (serialised into every
 * checkpoint's JSON by its class name, so renaming or moving it breaks old checkpoints);
 * {@link io.makemore4j.model.layer.FusedLinearBatchNormLayer} is its runtime layer and
 * {@link io.makemore4j.model.layer.FusedLinearBatchNormParams} its parameter layout.
 */
package io.makemore4j.model.layer;
