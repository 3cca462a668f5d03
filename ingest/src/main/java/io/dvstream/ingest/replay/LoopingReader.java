package io.dvstream.ingest.replay;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.EventReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/**
 * Plays a source again and again as one continuous camera: pass k is the source reopened, with
 * every time shifted so that its first event comes {@code gapUs} after the last event of pass k-1.
 * The camera clock is therefore monotone across passes, and packet sequence numbers continue
 * (0, 1, 2, ... over all passes), as if one camera had recorded the passes back to back.
 *
 * <p>Pass 0 is the source unchanged (offset 0). A source that delivers no event ends the loop
 * after that pass, whatever the number of passes asked for. Not thread-safe.
 */
public final class LoopingReader implements EventReader {

    /** Opens one pass of the source. */
    @FunctionalInterface
    public interface Source {
        EventReader open() throws IOException;
    }

    /** Told when a pass begins, before its first packet is handed out. */
    @FunctionalInterface
    public interface PassListener {
        /**
         * @param pass 0, 1, 2, ...
         * @param offsetUs added to every time of this pass
         * @param firstUs the first (shifted) event time of this pass
         * @param previousLastUs the last (shifted) event time of the pass before; {@code Long.MIN_VALUE} for pass 0
         */
        void onPass(long pass, long offsetUs, long firstUs, long previousLastUs);
    }

    /** Loop until interrupted. */
    public static final long FOREVER = Long.MAX_VALUE;

    private final Source source;
    private final long passes;
    private final long gapUs;
    private final PassListener listener;
    private EventReader current;
    private EventPacket pending;
    private long pass = -1;
    private long offsetUs;
    private long lastUs = Long.MIN_VALUE;
    private long nextSequence;
    private boolean passHadEvents;
    private boolean done;

    /**
     * @param passes how many times to play the source (>= 1), or {@link #FOREVER}
     * @param gapUs camera time between the last event of a pass and the first of the next (>= 1)
     */
    public LoopingReader(Source source, long passes, long gapUs, PassListener listener) throws IOException {
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1, was " + passes);
        }
        if (gapUs < 1) {
            throw new IllegalArgumentException("gapUs must be >= 1, was " + gapUs);
        }
        this.source = source;
        this.passes = passes;
        this.gapUs = gapUs;
        this.listener = listener;
        this.current = source.open();
    }

    @Override
    public SensorGeometry sensor() {
        return current.sensor();
    }

    @Override
    public boolean hasNext() {
        while (pending == null && !done) {
            if (current.hasNext()) {
                EventPacket p = current.next();
                if (p.isEmpty()) {
                    continue;
                }
                if (!passHadEvents) {
                    startPass(p.firstTUs());
                }
                shift(p);
                pending = p;
            } else if (!passHadEvents || pass + 1 >= passes) {
                done = true;
            } else {
                current.close();
                try {
                    current = source.open();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot reopen the source for pass " + (pass + 1), e);
                }
                passHadEvents = false;
            }
        }
        return pending != null;
    }

    private void startPass(long firstOriginalUs) {
        pass++;
        offsetUs = pass == 0 ? 0 : Math.subtractExact(Math.addExact(lastUs, gapUs), firstOriginalUs);
        passHadEvents = true;
        if (listener != null) {
            listener.onPass(pass, offsetUs, firstOriginalUs + offsetUs, pass == 0 ? Long.MIN_VALUE : lastUs);
        }
    }

    private void shift(EventPacket p) {
        if (offsetUs != 0) {
            long[] t = p.tUsArray();
            for (int i = 0, n = p.size(); i < n; i++) {
                t[i] += offsetUs;
            }
        }
        p.setSequence(nextSequence++);
        lastUs = p.lastTUs();
    }

    @Override
    public EventPacket next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more passes (" + (pass + 1) + " played)");
        }
        EventPacket p = pending;
        pending = null;
        return p;
    }

    /** The pass being played: 0, 1, ...; -1 before the first event. */
    public long pass() {
        return pass;
    }

    /** Passes that delivered events so far. */
    public long passesPlayed() {
        return pass + 1;
    }

    /** The shift of the current pass's times. */
    public long offsetUs() {
        return offsetUs;
    }

    @Override
    public void close() {
        done = true;
        pending = null;
        current.close();
    }
}
