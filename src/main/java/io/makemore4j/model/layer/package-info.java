/**
 * Custom layers of the hierarchical model. {@link io.makemore4j.model.layer.FusedLinearBatchNorm} is
 * the configuration of the fused Linear + BatchNorm + activation layer (serialised into every
 * checkpoint's JSON by its class name, so renaming or moving it breaks old checkpoints);
 * {@link io.makemore4j.model.layer.FusedLinearBatchNormLayer} is its runtime layer (batch norm and
 * activation around a linear map, {@code LinearMap}: the matrix product {@code DenseMap}; training on
 * a {@code FusedPlan} per row count, inference {@code FusedInference} with the statistics folded in by
 * {@link io.makemore4j.model.layer.BatchNormFold}) and
 * {@link io.makemore4j.model.layer.FusedLinearBatchNormParams} its parameter layout.
 * {@link io.makemore4j.model.layer.HostView} gives Java access to small native arrays.
 *
 * <p>The dilated model ({@code model.type: dilated}) adds {@link io.makemore4j.model.layer.DilatedConv}
 * (a causal dilated convolution with masked batch norm, extending the fused layer; runtime
 * {@link io.makemore4j.model.layer.DilatedConvLayer}, the fused layer with the convolution
 * {@code DilatedConvMap} as its linear map), {@link io.makemore4j.model.layer.ItemEmbedding}
 * (the embedding into its shared-boundary row layout, {@code ItemLayout}) and
 * {@link io.makemore4j.model.layer.RowDropout}. {@link io.makemore4j.model.layer.SequenceEmbedding} and
 * {@link io.makemore4j.model.layer.SoftmaxOutput} are DL4J's stock configurations with faster runtimes;
 * the output one honours a mask of the positions to predict.
 *
 * <p>Shared by every model's layers: {@link io.makemore4j.model.layer.BoundOp} (a native op bound
 * once to its arrays), {@link io.makemore4j.model.layer.HostView} (Java access to a native array's
 * memory), {@link io.makemore4j.model.layer.Plans} (preallocated arrays and ops by batch shape),
 * {@link io.makemore4j.model.layer.ParamLayout} (a layer's parameters as shaped blocks of its flat
 * array), {@link io.makemore4j.model.layer.Layers#wire}, {@link io.makemore4j.model.layer.FastTanh},
 * and {@link io.makemore4j.model.layer.StepDropout}, dropout whose masks are a function of the seed
 * and the step, so that a resumed run draws the masks an uninterrupted one draws.
 */
package io.makemore4j.model.layer;
