package io.dvstream.cli.dashboard;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;

/**
 * ON and OFF event counts per pixel of one camera since the last {@link #drain()}: what one frame
 * of the live view shows. Large sensors are binned onto a coarser view grid of at most
 * {@value #MAX_VIEW_PIXELS} pixels, so that a pixel index fits in two bytes of the frame message.
 *
 * <p>Frame bytes ({@link #drain()}): for each pixel that had events, in the order they were first
 * hit, a big-endian {@code uint16} view index ({@code y * width + x}), then the ON count and the
 * OFF count, each an {@code uint8} saturated at 255. Four bytes per active pixel, nothing for the
 * idle ones: a DVS frame of 33 ms touches a small part of the sensor.
 *
 * <p>Thread-safe: the Kafka reader adds, the frame ticker drains.
 */
final class EventAccumulator {

    static final int MAX_VIEW_PIXELS = 1 << 16;
    static final int BYTES_PER_PIXEL = 4;

    private final SensorGeometry sensor;
    private final int scale;
    private final int width;
    private final int height;
    private final short[] on;
    private final short[] off;
    private final int[] touched;
    private int touchedCount;
    private long events;

    EventAccumulator(SensorGeometry sensor) {
        this.sensor = sensor;
        this.scale = scaleFor(sensor.width(), sensor.height());
        this.width = ceilDiv(sensor.width(), scale);
        this.height = ceilDiv(sensor.height(), scale);
        this.on = new short[width * height];
        this.off = new short[width * height];
        this.touched = new int[width * height];
    }

    /** The smallest integer binning factor that brings the sensor within {@link #MAX_VIEW_PIXELS}. */
    static int scaleFor(int sensorWidth, int sensorHeight) {
        int s = 1;
        while ((long) ceilDiv(sensorWidth, s) * ceilDiv(sensorHeight, s) > MAX_VIEW_PIXELS) {
            s++;
        }
        return s;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    SensorGeometry sensor() {
        return sensor;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int scale() {
        return scale;
    }

    synchronized void add(EventPacket packet) {
        int n = packet.size();
        short[] xs = packet.xArray();
        short[] ys = packet.yArray();
        byte[] ps = packet.polarityArray();
        for (int i = 0; i < n; i++) {
            int idx = (ys[i] / scale) * width + xs[i] / scale;
            if (on[idx] == 0 && off[idx] == 0) {
                touched[touchedCount++] = idx;
            }
            if (ps[i] == EventPacket.ON) {
                if (on[idx] < 255) {
                    on[idx]++;
                }
            } else if (off[idx] < 255) {
                off[idx]++;
            }
        }
        events += n;
    }

    /** The frame since the previous call (see the class comment), and a fresh start. */
    synchronized byte[] drain() {
        byte[] out = new byte[touchedCount * BYTES_PER_PIXEL];
        for (int k = 0; k < touchedCount; k++) {
            int idx = touched[k];
            int o = k * BYTES_PER_PIXEL;
            out[o] = (byte) (idx >>> 8);
            out[o + 1] = (byte) idx;
            out[o + 2] = (byte) on[idx];
            out[o + 3] = (byte) off[idx];
            on[idx] = 0;
            off[idx] = 0;
        }
        touchedCount = 0;
        events = 0;
        return out;
    }

    /** Events added since the last drain. */
    synchronized long pendingEvents() {
        return events;
    }
}
