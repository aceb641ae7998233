/**
 * The first stage: a run's configuration. Immutable records, one per section ({@code data},
 * {@code model}, {@code train}, {@code checkpoint}), read from YAML with {@code --set} overrides by
 * {@link io.makemore4j.config.ConfigLoader}, which names the key in every error. Also home of
 * {@link io.makemore4j.config.BadInputException}, the one exception type for user mistakes.
 */
package io.makemore4j.config;
