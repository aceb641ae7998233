/**
 * Sampling: seeded, batched autoregressive generation of new items with temperature, top-k and a
 * prefix (novelty labels come from {@code PreparedData.novelty}). {@link io.makemore4j.sample.Sampler#of}
 * picks the sampler of a model type: {@link io.makemore4j.sample.ContextSampler} for the flatten
 * model (one graph pass per step over the distinct contexts), {@link io.makemore4j.sample.DilatedSampler}
 * for the dilated model, incremental ("Fast WaveNet": each stage keeps the past rows its taps still
 * need, so a new character costs one row per layer, and items with the same prefix share their rows;
 * {@code DilatedSteps}: the prefix trie {@code PrefixTrie}, the stages with batch norm folded in and
 * split by tap {@code FoldedStage}, and the arithmetic of a step {@code StepKernel}).
 *
 * <p>Incremental sampling in general: a {@link io.makemore4j.sample.StepModel} extends a batch of
 * items one character at a time from a per-item state, and {@link io.makemore4j.sample.IncrementalSampler}
 * draws from it exactly as {@code ContextSampler} draws. {@link io.makemore4j.sample.GraphSteps} is the
 * step model of any sequence model's graph, through DL4J's stateful {@code rnnTimeStep} (the layers'
 * hidden states, positions, caches as rows of their state arrays); {@code DilatedSteps} is the dilated
 * model's; {@link io.makemore4j.sample.TransformerSteps} the Transformer's, with a key/value cache
 * ({@code TransformerCache}: per block, the keys and values of every position so far of every
 * unfinished item).
 */
package io.makemore4j.sample;
