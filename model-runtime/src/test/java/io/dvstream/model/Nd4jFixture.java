package io.dvstream.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Starts ND4J once per test JVM with the runtime's thread setting, and reports how long that took. */
final class Nd4jFixture {

    private static long firstCallMs = -1;

    private Nd4jFixture() {
    }

    static synchronized void start() {
        if (firstCallMs < 0) {
            long t0 = System.nanoTime();
            Nd4jThreads.ensureConfigured();
            Nd4j.zeros(DataType.FLOAT, 2, 2).addi(1f).sumNumber();
            firstCallMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("ND4J first call (backend load + thread setup): " + firstCallMs + " ms, threads "
                    + Nd4jThreads.configured() + ", maxMasterThreads " + Nd4j.getEnvironment().maxMasterThreads());
        }
    }
}
