package io.dvstream.ingest.sim;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.gesture.GestureClass;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A live DVS camera made of the simulator: it performs a scripted or random gesture sequence and
 * delivers packets of {@code packet_ms} camera time paced on the wall clock (a packet is handed
 * over when its last microsecond has "happened"), with the labels sent alongside as gestures start
 * and end. For demos, load tests with many cameras and end-to-end tests; {@code speed} runs it
 * faster than real time (or unpaced).
 *
 * <pre>{@code
 * try (SimulatedCamera camera = SimulatedCamera.open("sim:dvs128?gestures=random&seed=7&lighting=lab")) {
 *     camera.run(packet -> publisher.send(packet), label -> labels.send(label)); // until close() or the script ends
 * }
 * }</pre>
 *
 * Random gestures are generated in batches of {@value #RANDOM_BATCH}, each a fresh simulator whose
 * times continue the previous one's. Deterministic for a spec (events and labels; only the pacing
 * depends on the machine). {@link #run} runs on the caller's thread; {@link #close} may be called
 * from any thread and makes it return after the current packet.
 */
public final class SimulatedCamera implements AutoCloseable {

    static final int RANDOM_BATCH = 8;

    private final SimulatedCameraSpec spec;
    private volatile boolean closed;
    private long sequence;
    private long packets;
    private long events;

    public SimulatedCamera(SimulatedCameraSpec spec) {
        this.spec = spec;
    }

    /** A camera from a {@code sim:} source string (syntax: {@link SimulatedCameraSpec}). */
    public static SimulatedCamera open(String source) {
        return new SimulatedCamera(SimulatedCameraSpec.parse(source));
    }

    public SimulatedCameraSpec spec() {
        return spec;
    }

    public long packetsSent() {
        return packets;
    }

    public long eventsSent() {
        return events;
    }

    /**
     * Runs the camera on this thread until {@link #close()} (or, for a script without loop, its
     * end): packets to {@code sink}, labels to {@code labels}. A sink that throws stops the camera
     * and the exception comes out of here.
     */
    public void run(PacketSink sink, LabelSink labels) throws Exception {
        EventPacket packet = new EventPacket(spec.cameraId(), spec.sensor(), 1 << 14);
        long startNanos = System.nanoTime();
        long originUs = 0;
        SplittableRandom batches = new SplittableRandom(TrialSpec.mix(spec.seed(), spec.user(), 1_000 + spec.lighting().ordinal()));
        int batch = 0;
        while (!closed) {
            GestureSimulator sim = trial(batch, batches).simulator();
            List<ScriptedGesture> gestures = sim.script().gestures();
            int nextStart = 0;
            int nextEnd = 0;
            while (!closed && !sim.finished()) {
                packet.clear();
                long until = Math.min(sim.timeUs() + spec.packetUs(), sim.script().endUs());
                sim.advanceTo(until, packet);
                shift(packet, originUs);
                pace(startNanos, originUs + until);
                // labels whose instant lies within this packet's span go out just before it
                while (nextStart < gestures.size() && gestures.get(nextStart).startUs() <= until) {
                    labels.accept(label(gestures.get(nextStart++), CameraLabel.Phase.START, originUs));
                }
                while (nextEnd < nextStart && gestures.get(nextEnd).endUs() <= until) {
                    labels.accept(label(gestures.get(nextEnd++), CameraLabel.Phase.END, originUs));
                }
                packet.setSequence(sequence++);
                sink.accept(packet);
                packets++;
                events += packet.size();
            }
            originUs += sim.script().endUs();
            batch++;
            if (!spec.random() && !spec.loop()) {
                break;
            }
        }
    }

    private TrialSpec trial(int batch, SplittableRandom batches) {
        List<GestureClass> classes = spec.script();
        if (spec.random()) {
            GestureClass[] all = GestureClass.values();
            classes = new ArrayList<>();
            for (int i = 0; i < RANDOM_BATCH; i++) {
                classes.add(all[batches.nextInt(all.length)]);
            }
        }
        return new TrialSpec(spec.sensor(), spec.user(), spec.lighting(), classes, spec.gestureS(), spec.gapS(), spec.pixels(),
                GestureSimulator.DEFAULT_STEP_US, TrialSpec.mix(spec.seed(), batch, 17));
    }

    private CameraLabel label(ScriptedGesture g, CameraLabel.Phase phase, long originUs) {
        return new CameraLabel(spec.cameraId(), phase, g.gesture(), originUs + g.startUs(), originUs + g.endUs());
    }

    /** Moves a packet from the batch's clock to the camera's. */
    private static void shift(EventPacket packet, long originUs) {
        if (originUs == 0) {
            return;
        }
        long[] t = packet.tUsArray();
        for (int i = 0; i < packet.size(); i++) {
            t[i] += originUs;
        }
    }

    /** Waits until the wall clock has caught up with camera time {@code cameraUs}. */
    private void pace(long startNanos, long cameraUs) {
        if (spec.speed() <= 0) {
            return;
        }
        long due = startNanos + (long) (cameraUs * 1_000 / spec.speed());
        long wait;
        while (!closed && (wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /** Makes {@link #run} return after the packet it is working on. */
    @Override
    public void close() {
        closed = true;
    }
}
