/**
 * Sampling: seeded, batched autoregressive generation of new items with temperature, top-k and a
 * prefix, (novelty labels come from {@code PreparedData.novelty}).
 */
package io.makemore4j.sample;
