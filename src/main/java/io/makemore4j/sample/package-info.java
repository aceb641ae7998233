/**
 * Sampling: seeded, batched autoregressive generation of new items with temperature, top-k and a
 * prefix (novelty labels come from {@code PreparedData.novelty}). {@link io.makemore4j.sample.Sampler#of}
 * picks the sampler of a model type: {@link io.makemore4j.sample.ContextSampler} for the flatten
 * model (one graph pass per step over the distinct contexts), {@link io.makemore4j.sample.DilatedSampler}
 * for the dilated model, incremental ("Fast WaveNet": each stage keeps the past rows its taps still
 * need, so a new character costs one row per layer, and items with the same prefix share their rows;
 * {@code DilatedSteps}: the prefix trie {@code PrefixTrie}, the stages with batch norm folded in and
 * split by tap {@code FoldedStage}, and the arithmetic of a step {@code StepKernel}).
 */
package io.makemore4j.sample;
