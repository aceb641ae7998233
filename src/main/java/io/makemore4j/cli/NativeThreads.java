package io.makemore4j.cli;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import picocli.CommandLine.ParseResult;

/**
 * The native thread count, set once at start-up: {@value #DEFAULT} unless {@code OMP_NUM_THREADS}
 * is set, in which case ND4J's own reading of it stands. Measured with {@code bench} on the 2-core
 * machines of this project (BENCHMARKS.md): this model's matrices are small, so a second OpenMP/BLAS
 * thread costs more in hand-offs than it gains. Two threads trained 3.5x slower at batch 32 and 2x
 * slower at 256 and sampled 2.7x slower, evaluating 1.5x faster, on a quiet machine; with the cores
 * shared with other jobs, training was 10-15x slower and evaluation too was slower.
 */
public final class NativeThreads {

    /** Threads used unless {@code OMP_NUM_THREADS} says otherwise. */
    public static final int DEFAULT = 1;

    private NativeThreads() {
    }

    /**
     * Sets ND4J's, OpenMP's and the BLAS thread counts to {@link #DEFAULT} unless {@code OMP_NUM_THREADS}
     * is set; nothing for a parse that only asks for help or the version (ND4J is then not loaded).
     */
    public static void configure(ParseResult parse) {
        for (ParseResult p = parse; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()
                    || "help".equals(p.commandSpec().name()) && p != parse) {
                return;
            }
        }
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && !omp.isBlank()) {
            return;
        }
        Nd4j.getEnvironment().setMaxMasterThreads(DEFAULT);
        Nd4j.getEnvironment().setMaxThreads(DEFAULT);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(DEFAULT);
        Nd4j.factory().blas().setMaxThreads(DEFAULT);
    }
}
