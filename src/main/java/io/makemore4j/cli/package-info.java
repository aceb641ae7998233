/**
 * The command line on top of the pipeline: one class per subcommand ({@code train},
 * {@code evaluate}, {@code sample}, {@code summary}), shared options as mixins, and the named exit
 * codes. CLI tests only parse; the work is done by the packages below.
 */
package io.makemore4j.cli;
