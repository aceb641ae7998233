/**
 * What the sequence models (makemore.py's recurrent, bag-of-words, bigram and Transformer models, run
 * over whole items) share: the graph's input, embedding and output
 * ({@link io.makemore4j.model.sequence.SequenceGraph}), the token and position embedding
 * ({@link io.makemore4j.model.sequence.TokenEmbedding}, runtime
 * {@link io.makemore4j.model.sequence.TokenEmbeddingLayer}), and the base of the runtime layers that
 * keep a per-item state for incremental sampling ({@link io.makemore4j.model.sequence.SequenceLayer}).
 *
 * <p>A batch is {@code (items, T)} character indices, the boundary token at position 0, the item,
 * then padding, with an {@code (items, T)} mask of the real positions; the output at every position
 * predicts the next character ({@code io.makemore4j.data.ItemBatch#padded}). The configuration classes
 * are serialised into checkpoints by class name: renaming or moving them breaks old checkpoints.
 */
package io.makemore4j.model.sequence;
