/**
 * The model family: the registry of {@code model.type}s ({@link io.makemore4j.family.ModelFamily})
 * and, per type, what differs between them ({@link io.makemore4j.family.ModelType}): graph builder,
 * training batches, evaluator and sampler; {@link io.makemore4j.family.SequenceType} is the one
 * implementation of makemore.py's sequence models (gru, rnn, lstm, bow, bigram). {@link io.makemore4j.family.ModelFamily#build} is the one
 * way a run's graph is built. Sits on top of model, train, eval and sample, below checkpoint and run.
 */
package io.makemore4j.family;
