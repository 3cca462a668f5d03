package io.dvstream.events;

import io.dvstream.events.sensor.SensorGeometry;
import java.util.Random;

/** Test fixtures: named instants and packet factories. */
public final class Packets {

    public static final String CAMERA = "cam-0";
    public static final long T0 = 41_306_606L;

    private Packets() {
    }

    /** A DVS128 packet with events given as (tUs, x, y, on 0/1) quadruples. */
    public static EventPacket dvs128(long... tXyOn) {
        if (tXyOn.length % 4 != 0) {
            throw new IllegalArgumentException("events are (t, x, y, on) quadruples");
        }
        EventPacket p = new EventPacket(CAMERA, SensorGeometry.DVS128);
        for (int i = 0; i < tXyOn.length; i += 4) {
            p.append(tXyOn[i], (int) tXyOn[i + 1], (int) tXyOn[i + 2], tXyOn[i + 3] != 0);
        }
        return p;
    }

    /**
     * A random packet with a DVS-like inter-event time distribution (exponential, mean
     * {@code meanDtUs}), uniformly placed events; seeded, so reproducible.
     */
    public static EventPacket random(Random rnd, SensorGeometry sensor, int n, long startUs, double meanDtUs) {
        EventPacket p = new EventPacket(CAMERA, sensor, n);
        long t = startUs;
        for (int i = 0; i < n; i++) {
            t += (long) (-Math.log(1 - rnd.nextDouble()) * meanDtUs);
            p.append(t, rnd.nextInt(sensor.width()), rnd.nextInt(sensor.height()), rnd.nextBoolean());
        }
        p.setSequence(rnd.nextInt(1 << 20));
        p.setDroppedEvents(rnd.nextInt(3) == 0 ? rnd.nextInt(1000) : 0);
        return p;
    }
}
