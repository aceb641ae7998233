/**
 * The command line on top of the pipeline: one class per subcommand ({@code train},
 * {@code evaluate}, {@code sample}, {@code summary}, {@code convert}, {@code bench}, {@code bench-dilated}),
 * shared options as mixins, the
 * named exit codes and the start-up native thread count ({@link io.makemore4j.cli.NativeThreads}). CLI tests only parse; the work is done by the packages below.
 */
package io.makemore4j.cli;
