package io.dvstream.jobs;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;

/** Test fixtures: named instants, cameras and packet factories. */
public final class CameraPackets {

    public static final String CAMERA_A = "cam-a";
    public static final String CAMERA_B = "cam-b";
    /** A camera clock reading, a multiple of the 1 ms bins used in the tests. */
    public static final long T0 = 41_306_000L;
    /** Processing time at the start of a harness test. */
    public static final long NOW = 1_000_000L;

    private CameraPackets() {
    }

    /** A DVS128 packet of {@code camera} with events as (tUs, x, y, on 0/1) quadruples. */
    public static EventPacket packet(String camera, long sequence, long... tXyOn) {
        EventPacket p = new EventPacket(camera, SensorGeometry.DVS128);
        for (int i = 0; i < tXyOn.length; i += 4) {
            p.append(tXyOn[i], (int) tXyOn[i + 1], (int) tXyOn[i + 2], tXyOn[i + 3] != 0);
        }
        p.setSequence(sequence);
        return p;
    }

    /** A packet with {@code dropped} events reported lost before it. */
    public static EventPacket withDropped(EventPacket p, long dropped) {
        p.setDroppedEvents(dropped);
        return p;
    }
}
