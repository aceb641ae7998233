/**
 * makemore.py's bigram model ({@code model.type: bigram}): {@link io.makemore4j.model.bigram.BigramOutput},
 * a table of next-character logits as one output layer over the graph's character indices (runtime
 * {@link io.makemore4j.model.bigram.BigramOutputLayer}), and {@link io.makemore4j.model.bigram.BigramModel}.
 */
package io.makemore4j.model.bigram;
