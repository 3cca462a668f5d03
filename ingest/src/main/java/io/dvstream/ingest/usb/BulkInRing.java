package io.dvstream.ingest.usb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps several asynchronous bulk IN transfers queued at a device, so that the device's FIFO is
 * drained while the previous transfer's data is still being parsed (jAER keeps such a ring for
 * its USB cameras; a single synchronous transfer leaves the endpoint idle between two reads).
 *
 * <p>The ring owns {@code transfers} buffers of {@code transferBytes}. {@link #start()} submits all
 * of them through the {@link Device}; the device's event thread reports each completion with
 * {@link #completed}. {@link #read} hands the data back <em>in submission order</em> (whatever the
 * order of completions), then resubmits that buffer at once. A failed transfer makes {@code read}
 * throw, naming the endpoint and the device's reason; {@link #close()} cancels what is in flight
 * and waits (bounded) until the device has given every buffer back.
 *
 * <p>Threads: {@code read} from one reader thread, {@code completed} from the device's event
 * thread, {@code close} from any.
 */
final class BulkInRing implements AutoCloseable {

    /** The asynchronous side of a USB device: libusb through usb4java, or a test's synthesised device. */
    interface Device {
        /** Queues a bulk IN transfer of {@code buffer.remaining()} bytes into {@code buffer}; completion comes later. */
        void submit(int slot, ByteBuffer buffer) throws IOException;

        /** Asks for the transfer of {@code slot} to be cancelled; its completion (cancelled) comes later. */
        void cancel(int slot);
    }

    private enum State { IDLE, IN_FLIGHT, DONE }

    private final int endpoint;
    private final Device device;
    private final ByteBuffer[] buffers;
    private final State[] states;
    private final int[] lengths;
    private final String[] errors;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int head;        // the slot whose data is handed out next
    private int headOffset;  // bytes of the head slot already handed out
    private boolean closing;
    private long completedTransfers;
    private long submittedTransfers;

    /**
     * @param bufferFactory allocates one transfer buffer of the given size (direct memory for libusb)
     */
    BulkInRing(int endpoint, int transfers, int transferBytes, java.util.function.IntFunction<ByteBuffer> bufferFactory,
            Device device) {
        if (transfers < 1 || transferBytes < 1) {
            throw new IllegalArgumentException("transfers and transferBytes must be >= 1, were " + transfers + ", " + transferBytes);
        }
        this.endpoint = endpoint;
        this.device = device;
        this.buffers = new ByteBuffer[transfers];
        this.states = new State[transfers];
        this.lengths = new int[transfers];
        this.errors = new String[transfers];
        for (int i = 0; i < transfers; i++) {
            buffers[i] = bufferFactory.apply(transferBytes);
            states[i] = State.IDLE;
        }
    }

    /** Submits every buffer. */
    void start() throws IOException {
        lock.lock();
        try {
            for (int slot = 0; slot < buffers.length; slot++) {
                submit(slot);
            }
        } finally {
            lock.unlock();
        }
    }

    private void submit(int slot) throws IOException {
        buffers[slot].clear();
        states[slot] = State.IN_FLIGHT;
        errors[slot] = null;
        lengths[slot] = 0;
        try {
            device.submit(slot, buffers[slot]);
            submittedTransfers++;
        } catch (IOException | RuntimeException e) {
            states[slot] = State.IDLE;
            throw e;
        }
    }

    /**
     * The device finished the transfer of {@code slot}: {@code length} bytes arrived, or it failed
     * ({@code error} not null; a cancelled transfer while closing is not an error).
     */
    void completed(int slot, int length, String error) {
        lock.lock();
        try {
            states[slot] = State.DONE;
            lengths[slot] = Math.max(0, Math.min(length, buffers[slot].capacity()));
            errors[slot] = error;
            completedTransfers++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies the next transfer's bytes (in submission order) into {@code out}, waiting up to
     * {@code timeoutMs} for it; a transfer larger than {@code out} is handed out over several calls.
     *
     * @return bytes copied; 0 if nothing completed in time (or the transfer was empty)
     * @throws IOException if the transfer failed, or the ring is closed
     */
    int read(byte[] out, long timeoutMs) throws IOException {
        lock.lock();
        try {
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (states[head] != State.DONE && !closing) {
                if (waitNanos <= 0) {
                    return 0;
                }
                try {
                    waitNanos = changed.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for a bulk transfer from endpoint 0x" + Integer.toHexString(endpoint), e);
                }
            }
            if (closing) {
                throw new IOException("bulk transfers from endpoint 0x" + Integer.toHexString(endpoint) + " are closed");
            }
            if (errors[head] != null) {
                String error = errors[head];
                states[head] = State.IDLE;
                throw new IOException("bulk transfer from endpoint 0x" + Integer.toHexString(endpoint) + " failed: " + error);
            }
            int n = Math.min(out.length, lengths[head] - headOffset);
            buffers[head].get(headOffset, out, 0, n);
            headOffset += n;
            if (headOffset >= lengths[head]) {
                int slot = head;
                head = (head + 1) % buffers.length;
                headOffset = 0;
                submit(slot);
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Transfers submitted so far (the first {@code transfers} at start, then one per transfer read). */
    long submittedTransfers() {
        lock.lock();
        try {
            return submittedTransfers;
        } finally {
            lock.unlock();
        }
    }

    /** Transfers in flight at the device now. */
    int inFlight() {
        lock.lock();
        try {
            int n = 0;
            for (State s : states) {
                n += s == State.IN_FLIGHT ? 1 : 0;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels every transfer in flight and waits up to {@code timeoutMs} until the device has
     * reported them all; returns whether it did (the buffers must not be freed before).
     */
    boolean cancelAll(long timeoutMs) {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
            for (int slot = 0; slot < states.length; slot++) {
                if (states[slot] == State.IN_FLIGHT) {
                    device.cancel(slot);
                }
            }
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (inFlight() > 0 && waitNanos > 0) {
                try {
                    waitNanos = changed.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return inFlight() == 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        cancelAll(1_000);
    }
}
