/**
 * makemore.py's (and nanoGPT's) Transformer as DL4J custom layers ({@code model.type: transformer},
 * built by {@link io.makemore4j.model.transformer.TransformerModel}): the token and position
 * embedding ({@link io.makemore4j.model.transformer.TokenPositionEmbedding}), the pre-LayerNorm block
 * of causal multi-head self-attention and a GELU MLP
 * ({@link io.makemore4j.model.transformer.TransformerBlock}), the final layer norm
 * ({@link io.makemore4j.model.transformer.RowLayerNorm}) and the vertex back to the batch's grid of
 * positions ({@link io.makemore4j.model.transformer.PackedPositions}); each configuration has a
 * runtime layer with a hand-written, gradient-checked backward pass.
 *
 * <p>Between the embedding and the output the layers work on the batch's item positions only,
 * packed item after item ({@link io.makemore4j.model.transformer.PackedRows}), so the padding of a
 * batch of whole items costs nothing there. The kernels are
 * {@link io.makemore4j.model.transformer.LayerNormRows} and {@code CausalAttention} (Java, on host
 * views of the native arrays), {@code Gelu} and the matrix products (native ops bound once to
 * preallocated arrays, {@code BlockPlan}); dropout masks are functions of (seed, step, place)
 * ({@code io.makemore4j.model.layer.StepDropout}). The parameter layout is
 * {@link io.makemore4j.model.transformer.TransformerParams}. The configuration classes are
 * serialised into checkpoints by class name: renaming or moving them breaks old checkpoints.
 *
 * <p>A SameDiffLayer version of the block was measured first and dropped: about 2 training steps/s
 * of the whole model against tens with these layers (BENCHMARKS.md).
 */
package io.makemore4j.model.transformer;
