package io.dvstream.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Explicit control of ND4J's native threads (docs/stack.md section 4). The runtime runs inside
 * Flink tasks, one operator instance per slot, so the default is 1 thread: parallelism comes from
 * Flink, not from libnd4j or OpenBLAS. The setting is process-global.
 *
 * <p>Sources, first wins: {@link #set(int)}; else the system property {@value #PROPERTY}; else
 * {@value #DEFAULT_THREADS}. For a hard limit that also covers threads started before the first
 * call, start the JVM with {@code OMP_NUM_THREADS=1} as well.
 */
public final class Nd4jThreads {

    /** Threads per process unless configured otherwise. */
    public static final int DEFAULT_THREADS = 1;
    /** System property naming the thread count. */
    public static final String PROPERTY = "dvstream.nd4j.threads";

    private static int configured = 0;

    private Nd4jThreads() {
    }

    /** Sets libnd4j's master threads and OpenBLAS's threads to {@code threads}. */
    public static synchronized void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        configured = threads;
    }

    /** Applies the property or the default unless {@link #set(int)} ran already; returns the count in force. */
    public static synchronized int ensureConfigured() {
        if (configured == 0) {
            String p = System.getProperty(PROPERTY);
            int threads = DEFAULT_THREADS;
            if (p != null) {
                try {
                    threads = Integer.parseInt(p.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Invalid value " + p + " for configuration " + PROPERTY
                            + ": must be an integer >= 1", e);
                }
            }
            set(threads);
        }
        return configured;
    }

    /** The thread count set by this class, or 0 if it has not run yet. */
    public static synchronized int configured() {
        return configured;
    }
}
