/**
 * The command line on top of the pipeline: one class per subcommand ({@code train},
 * {@code evaluate}, {@code sample}, {@code summary}, {@code convert}, {@code bench},
 * {@code bench-dilated}, {@code runs}, {@code report}, {@code sweep}, {@code ui}) that parses its options, calls the packages below (the run session in
 * {@code io.makemore4j.run} does the work of {@code train}) and prints; shared options as mixins,
 * the named exit codes, the start-up native thread count ({@link io.makemore4j.cli.NativeThreads})
 * and the benchmark harness ({@code BenchReport}, {@code ChildRuns}). Its tests parse command lines
 * and also run the real commands end to end, in-process and in child JVMs.
 */
package io.makemore4j.cli;
