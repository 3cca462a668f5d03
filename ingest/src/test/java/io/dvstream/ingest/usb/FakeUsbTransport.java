package io.dvstream.ingest.usb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The only mock in the project: a USB device that records control transfers and serves
 * synthesised bulk transfers (no DVS128 is attached to the build machine).
 */
final class FakeUsbTransport implements UsbTransport {

    /** One control transfer as the device saw it. */
    record Control(int request, int value, int index, byte[] data) {
        @Override
        public String toString() {
            return String.format("0x%02X(%d,%d,%d bytes)", request, value, index, data.length);
        }
    }

    final List<Control> controls = java.util.Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<byte[]> transfers = new ConcurrentLinkedQueue<>();
    final List<Integer> endpoints = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile boolean closed;

    @Override
    public void controlOut(int request, int value, int index, byte[] data) {
        controls.add(new Control(request, value, index, data.clone()));
    }

    @Override
    public int bulkIn(int endpoint, byte[] buffer, int timeoutMs) throws java.io.IOException {
        if (closed) {
            throw new java.io.IOException("device closed");
        }
        endpoints.add(endpoint);
        byte[] next = transfers.poll();
        if (next == null) {
            try {
                Thread.sleep(Math.min(timeoutMs, 5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
        System.arraycopy(next, 0, buffer, 0, next.length);
        return next.length;
    }

    List<Integer> requests() {
        synchronized (controls) {
            return controls.stream().map(Control::request).toList();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
