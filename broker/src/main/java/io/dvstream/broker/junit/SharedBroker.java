package io.dvstream.broker.junit;

/**
 * The store entry: the broker handle plus how to stop it. JUnit (5.13 and later) closes
 * {@link AutoCloseable} values of the root store when the test run ends, so a broker outlives
 * every test class of the JVM and is stopped once.
 */
record SharedBroker(TestBroker broker, Runnable stopper) implements AutoCloseable {

    @Override
    public void close() {
        stopper.run();
    }
}
