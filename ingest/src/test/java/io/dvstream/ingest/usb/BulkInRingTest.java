package io.dvstream.ingest.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The queue of asynchronous bulk transfers behind {@link Usb4JavaTransport}, on synthesised
 * devices: one the test drives by hand (completions in any order), and one with its own event
 * thread feeding a {@link Dvs128Camera} through the {@link UsbTransport} interface.
 */
class BulkInRingTest {

    private static final int ENDPOINT = Dvs128Protocol.EVENT_ENDPOINT;

    /** A device whose transfers complete only when the test says so. */
    private static final class ManualDevice implements BulkInRing.Device {
        final List<Integer> submitted = new ArrayList<>();
        final List<Integer> cancelled = new ArrayList<>();
        final ByteBuffer[] buffers = new ByteBuffer[16];

        @Override
        public void submit(int slot, ByteBuffer buffer) {
            submitted.add(slot);
            buffers[slot] = buffer;
        }

        @Override
        public void cancel(int slot) {
            cancelled.add(slot);
        }

        /** Writes {@code data} into the slot's buffer as the device would; the caller then reports completion. */
        void fill(int slot, byte... data) {
            buffers[slot].clear();
            buffers[slot].put(data);
        }
    }

    @Test
    void shouldKeepEveryTransferQueuedAndHandDataOutInSubmissionOrder() throws IOException {
        ManualDevice device = new ManualDevice();
        BulkInRing ring = new BulkInRing(ENDPOINT, 4, 8, ByteBuffer::allocate, device);
        ring.start();
        assertThat(device.submitted).containsExactly(0, 1, 2, 3);
        assertThat(ring.inFlight()).isEqualTo(4);

        // slot 1 completes before slot 0: the reader still gets slot 0's bytes first
        device.fill(1, (byte) 21, (byte) 22);
        ring.completed(1, 2, null);
        assertThat(ring.read(new byte[8], 0)).as("slot 0 is not done yet").isZero();
        device.fill(0, (byte) 11, (byte) 12, (byte) 13);
        ring.completed(0, 3, null);

        byte[] out = new byte[8];
        assertThat(ring.read(out, 0)).isEqualTo(3);
        assertThat(out).startsWith(11, 12, 13);
        assertThat(device.submitted).as("slot 0 went straight back to the device").containsExactly(0, 1, 2, 3, 0);
        assertThat(ring.read(out, 0)).isEqualTo(2);
        assertThat(out).startsWith(21, 22);
        assertThat(device.submitted).containsExactly(0, 1, 2, 3, 0, 1);
        assertThat(ring.inFlight()).isEqualTo(4);
        assertThat(ring.submittedTransfers()).isEqualTo(6);
    }

    @Test
    void shouldHandOutATransferLargerThanTheReadersBufferOverSeveralReads() throws IOException {
        ManualDevice device = new ManualDevice();
        BulkInRing ring = new BulkInRing(ENDPOINT, 2, 8, ByteBuffer::allocate, device);
        ring.start();
        device.fill(0, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5);
        ring.completed(0, 5, null);
        byte[] out = new byte[2];
        assertThat(ring.read(out, 0)).isEqualTo(2);
        assertThat(out).containsExactly(1, 2);
        assertThat(ring.read(out, 0)).isEqualTo(2);
        assertThat(out).containsExactly(3, 4);
        assertThat(device.submitted).as("not resubmitted while bytes are left").containsExactly(0, 1);
        assertThat(ring.read(out, 0)).isEqualTo(1);
        assertThat(out[0]).isEqualTo((byte) 5);
        assertThat(device.submitted).containsExactly(0, 1, 0);
    }

    @Test
    void shouldReportAFailedTransferNamingTheEndpointAndTheReason() throws IOException {
        ManualDevice device = new ManualDevice();
        BulkInRing ring = new BulkInRing(ENDPOINT, 2, 8, ByteBuffer::allocate, device);
        ring.start();
        ring.completed(0, 0, "device disconnected");
        assertThatThrownBy(() -> ring.read(new byte[8], 0)).isInstanceOf(IOException.class)
                .hasMessage("bulk transfer from endpoint 0x86 failed: device disconnected");
    }

    @Test
    void shouldCancelWhatIsInFlightAndWaitForTheDeviceToGiveItBack() throws IOException {
        ManualDevice device = new ManualDevice();
        BulkInRing ring = new BulkInRing(ENDPOINT, 3, 8, ByteBuffer::allocate, device);
        ring.start();
        device.fill(2, (byte) 1);
        ring.completed(2, 1, null);
        assertThat(ring.cancelAll(0)).as("slots 0 and 1 are not back yet").isFalse();
        assertThat(device.cancelled).containsExactly(0, 1);
        ring.completed(0, 0, null);
        ring.completed(1, 0, null);
        assertThat(ring.cancelAll(0)).isTrue();
        assertThatThrownBy(() -> ring.read(new byte[8], 0)).isInstanceOf(IOException.class)
                .hasMessage("bulk transfers from endpoint 0x86 are closed");
    }

    @Test
    void shouldRejectAnEmptyRing() {
        assertThatThrownBy(() -> new BulkInRing(ENDPOINT, 0, 8, ByteBuffer::allocate, new ManualDevice()))
                .hasMessage("transfers and transferBytes must be >= 1, were 0, 8");
    }

    /**
     * A device with an event thread of its own, like libusb's: it completes queued transfers in
     * order with the synthesised chunks it is given, and completes cancelled ones empty.
     */
    private static final class ThreadedDevice implements BulkInRing.Device, AutoCloseable {
        final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private final BlockingQueue<Integer> queued = new LinkedBlockingQueue<>();
        private final ByteBuffer[] buffers = new ByteBuffer[16];
        private final boolean[] cancelled = new boolean[16];
        private final Thread events = new Thread(this::run, "fake-usb-events");
        private volatile BulkInRing ring;
        private volatile boolean stop;

        void attach(BulkInRing ring) {
            this.ring = ring;
            events.setDaemon(true);
            events.start();
        }

        @Override
        public synchronized void submit(int slot, ByteBuffer buffer) {
            buffers[slot] = buffer;
            cancelled[slot] = false;
            queued.add(slot);
        }

        @Override
        public synchronized void cancel(int slot) {
            cancelled[slot] = true;
        }

        private void run() {
            try {
                while (!stop) {
                    Integer slot = queued.poll(5, TimeUnit.MILLISECONDS);
                    if (slot == null) {
                        continue;
                    }
                    byte[] chunk = null;
                    while (chunk == null && !isCancelled(slot)) {
                        chunk = chunks.poll(5, TimeUnit.MILLISECONDS);
                    }
                    if (chunk == null) {
                        ring.completed(slot, 0, null); // cancelled
                        continue;
                    }
                    buffers[slot].clear();
                    buffers[slot].put(chunk);
                    ring.completed(slot, chunk.length, null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized boolean isCancelled(int slot) {
            return cancelled[slot];
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            events.join(5_000);
        }
    }

    /** {@link UsbTransport} with its bulk reads on a ring, as {@link Usb4JavaTransport} has, over the threaded device. */
    private static final class RingTransport implements UsbTransport {
        final List<Integer> requests = new CopyOnWriteArrayList<>();
        final BulkInRing ring;
        volatile boolean closed;

        RingTransport(BulkInRing ring) {
            this.ring = ring;
        }

        @Override
        public void controlOut(int request, int value, int index, byte[] data) {
            requests.add(request);
        }

        @Override
        public int bulkIn(int endpoint, byte[] buffer, int timeoutMs) throws IOException {
            return ring.read(buffer, timeoutMs);
        }

        @Override
        public void close() {
            closed = true;
            ring.close();
        }
    }

    private static byte[] word(int address, int timestamp) {
        return new byte[] {(byte) address, (byte) (address >>> 8), (byte) timestamp, (byte) (timestamp >>> 8)};
    }

    @Test
    void shouldDeliverEveryEventOfASynthesisedStreamToTheCameraInOrder() throws Exception {
        // 4,000 events at 1 us steps in chunks of 100 (400 bytes), each pixel's address derived from its index
        int events = 4_000;
        ThreadedDevice device = new ThreadedDevice();
        BulkInRing ring = new BulkInRing(ENDPOINT, 8, Dvs128Camera.TRANSFER_BYTES, ByteBuffer::allocateDirect, device);
        device.attach(ring);
        for (int chunk = 0; chunk < events / 100; chunk++) {
            byte[] bytes = new byte[400];
            for (int k = 0; k < 100; k++) {
                int i = chunk * 100 + k;
                int x = i % 128;
                int y = (i / 128) % 128;
                int address = ((127 - y) << 8) | ((127 - x) << 1) | (i % 3 == 0 ? 0 : 1);
                System.arraycopy(word(address, i), 0, bytes, 4 * k, 4);
            }
            device.chunks.add(bytes);
        }
        RingTransport usb = new RingTransport(ring);
        Dvs128Camera camera = new Dvs128Camera(usb, Dvs128Biases.JAER_DEFAULTS, "cam", "DVS128 (synthesised, async)");
        List<EventPacket> batches = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                ring.start(); // the camera starts the transfer; the ring is queued by the first read in Usb4JavaTransport
                camera.run(b -> batches.add(b.copy()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (batches.stream().mapToInt(EventPacket::size).sum() < events && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        camera.close();
        reader.join(5_000);
        device.close();

        assertThat(reader.isAlive()).isFalse();
        assertThat(usb.closed).isTrue();
        assertThat(usb.requests).containsExactly(Dvs128Protocol.VR_SEND_BIASES, Dvs128Protocol.VR_RESET_TIMESTAMPS,
                Dvs128Protocol.VR_START_TRANSFER, Dvs128Protocol.VR_STOP_TRANSFER);
        int i = 0;
        for (EventPacket p : batches) {
            for (int k = 0; k < p.size(); k++, i++) {
                assertThat(p.tUs(k)).isEqualTo(i);
                assertThat(p.x(k)).isEqualTo(i % 128);
                assertThat(p.y(k)).isEqualTo((i / 128) % 128);
                assertThat(p.isOn(k)).isEqualTo(i % 3 == 0);
            }
        }
        assertThat(i).isEqualTo(events);
        assertThat(batches).hasSize(events / 100);
        assertThat(ring.submittedTransfers()).as("8 queued at start, one more per transfer read").isEqualTo(8 + events / 100);
    }
}
