package io.dvstream.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.gesture.GestureClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class GestureSimulatorTest {

    /** Events of one gesture, with short gaps, and where they fall. */
    private static final class Run {
        final EventPacket events;
        final ScriptedGesture gesture;
        final GestureSimulator sim;

        Run(GestureClass c, Lighting lighting, long seed) {
            TrialSpec spec = TrialSpec.dvs128(3, lighting, seed).withClasses(List.of(c)).withTiming(2.0, 0.8);
            sim = spec.simulator();
            events = sim.newPacket("t");
            sim.advanceTo(Long.MAX_VALUE, events);
            gesture = sim.script().gestures().get(0);
        }

        /** Events per second inside [fromUs, toUs). */
        double rate(long fromUs, long toUs) {
            int n = 0;
            for (int i = 0; i < events.size(); i++) {
                long t = events.tUs(i);
                if (t >= fromUs && t < toUs) {
                    n++;
                }
            }
            return n / ((toUs - fromUs) * 1e-6);
        }

        /** Share of events in [fromUs, toUs) on the image's left half. */
        double leftShare(long fromUs, long toUs) {
            int left = 0;
            int all = 0;
            for (int i = 0; i < events.size(); i++) {
                long t = events.tUs(i);
                if (t >= fromUs && t < toUs) {
                    all++;
                    if (events.x(i) < events.sensor().width() / 2) {
                        left++;
                    }
                }
            }
            return (double) left / all;
        }
    }

    @Test
    void shouldPutRightArmGesturesOnTheImagesLeftAndLeftArmGesturesOnItsRight() {
        for (GestureClass c : List.of(GestureClass.RIGHT_HAND_WAVE, GestureClass.RIGHT_ARM_CLOCKWISE,
                GestureClass.RIGHT_ARM_COUNTER_CLOCKWISE)) {
            Run r = new Run(c, Lighting.LAB, 1);
            assertThat(r.leftShare(r.gesture.startUs(), r.gesture.endUs())).as("%s", c).isGreaterThan(0.7);
        }
        for (GestureClass c : List.of(GestureClass.LEFT_HAND_WAVE, GestureClass.LEFT_ARM_CLOCKWISE,
                GestureClass.LEFT_ARM_COUNTER_CLOCKWISE)) {
            Run r = new Run(c, Lighting.LAB, 1);
            assertThat(r.leftShare(r.gesture.startUs(), r.gesture.endUs())).as("%s", c).isLessThan(0.3);
        }
        Run clap = new Run(GestureClass.HAND_CLAP, Lighting.LAB, 1);
        assertThat(clap.leftShare(clap.gesture.startUs(), clap.gesture.endUs())).isBetween(0.3, 0.7);
    }

    @Test
    void shouldMakeEveryClassBusyAndTheIdleGapsQuiet() {
        for (GestureClass c : GestureClass.values()) {
            // every class in lab light; the dim, noisy natural light for a few small-motion ones
            List<Lighting> lightings = switch (c) {
                case HAND_CLAP, RIGHT_HAND_WAVE, AIR_GUITAR -> List.of(Lighting.LAB, Lighting.NATURAL);
                default -> List.of(Lighting.LAB);
            };
            for (Lighting l : lightings) {
                Run r = new Run(c, l, 2);
                double pixels = r.events.sensor().pixels();
                // the middle of the gesture (arms up and moving) against the idle lead-in before it
                long mid = (r.gesture.startUs() + r.gesture.endUs()) / 2;
                double active = r.rate(mid - 400_000, mid + 400_000);
                double idle = r.rate(0, r.gesture.startUs() - 50_000);
                double noise = pixels * r.sim.pixels().parameters().backgroundRateHz()
                        + r.sim.pixels().parameters().hotPixels() * r.sim.pixels().parameters().hotPixelRateHz();
                assertThat(active).as("%s %s gesture rate", c, l).isGreaterThan(3 * noise);
                assertThat(idle).as("%s %s idle rate vs noise %s", c, l, noise).isLessThan(3 * noise);
            }
        }
    }

    @Test
    void shouldGenerateTheSameEventsForTheSameSeed() {
        Run a = new Run(GestureClass.AIR_GUITAR, Lighting.FLUORESCENT, 9);
        Run b = new Run(GestureClass.AIR_GUITAR, Lighting.FLUORESCENT, 9);
        Run c = new Run(GestureClass.AIR_GUITAR, Lighting.FLUORESCENT, 10);
        assertThat(a.events).isEqualTo(b.events);
        assertThat(c.events).isNotEqualTo(a.events);
    }
}
