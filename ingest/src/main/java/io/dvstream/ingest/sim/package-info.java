/**
 * A DVS simulator for synthetic gesture data (docs/simulator.md): {@link io.dvstream.ingest.sim.DvsPixelArray}
 * turns rendered log intensity into events (thresholds with mismatch, refractory period,
 * background activity, hot pixels, jitter, bandwidth), {@link io.dvstream.ingest.sim.GestureScene}
 * and {@link io.dvstream.ingest.sim.GestureMotion} render a person performing the 11 DVS128 Gesture
 * classes, {@link io.dvstream.ingest.sim.CorpusWriter} writes a corpus in the DVS128 Gesture
 * layout, and {@link io.dvstream.ingest.sim.SimulatedCamera} is a live camera ({@code sim:...}).
 *
 * <pre>{@code
 * GestureSimulator sim = TrialSpec.dvs128(1, Lighting.LAB, 42).simulator();
 * EventPacket events = sim.newPacket("sim");
 * sim.advanceTo(Long.MAX_VALUE, events);            // the whole trial
 * List<GestureLabel> labels = sim.script().labels(); // its labels CSV rows
 * }</pre>
 *
 * Everything here is synthetic data: for running and testing the system, not a replacement for
 * real recordings.
 */
package io.dvstream.ingest.sim;
