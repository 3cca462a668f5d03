package io.dvstream.ingest.jaer;

import java.util.LinkedHashSet;
import java.util.Iterator;

/**
 * Follows jAER datagram sequence numbers (1, 2, ... Integer.MAX_VALUE, then 0, 1, ...) and tells
 * apart in-order, lost, late (reordered) and duplicate datagrams.
 *
 * <p>Rules: the first datagram seen sets the expectation (a receiver that joins a running stream has
 * lost nothing). A number ahead of the expected one by {@code d} counts {@code d} datagrams as lost
 * and remembers their numbers; if one of them arrives later it is <b>late</b>: it leaves the lost
 * count and is counted as reordered. Anything else behind the expectation is a duplicate. Numbers
 * more than 2^30 apart are judged modulo 2^31, so the wrap after Integer.MAX_VALUE is just the next
 * number. At most {@link #TRACKED_GAPS} missing numbers are remembered; older ones stay lost.
 *
 * <p>Not thread-safe.
 */
public final class DatagramSequence {

    /** How a datagram's number relates to the ones before it. */
    public enum Verdict {
        /** The expected next number, possibly after a gap (then {@link #lost()} grew). */
        IN_ORDER,
        /** A number reported lost earlier, arriving after later ones. */
        LATE,
        /** Behind the expectation and not missing: already seen. */
        DUPLICATE
    }

    /** Missing numbers remembered for late arrivals. */
    public static final int TRACKED_GAPS = 4096;

    private static final long MODULUS = 1L << 31;
    private static final long HALF = 1L << 30;

    private final LinkedHashSet<Integer> missing = new LinkedHashSet<>();
    private boolean started;
    private int expected;
    private long lost;
    private long late;
    private long duplicates;

    /** Classifies {@code sequence} (must be >= 0) and updates the counters. */
    public Verdict accept(int sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence number " + sequence + " is negative");
        }
        if (!started) {
            started = true;
            expected = next(sequence);
            return Verdict.IN_ORDER;
        }
        long ahead = Math.floorMod((long) sequence - expected, MODULUS);
        if (ahead < HALF) {
            lost += ahead;
            long tracked = Math.min(ahead, TRACKED_GAPS);
            int s = (int) Math.floorMod((long) expected + ahead - tracked, MODULUS);
            for (long i = 0; i < tracked; i++) {
                rememberMissing(s);
                s = next(s);
            }
            expected = next(sequence);
            return Verdict.IN_ORDER;
        }
        if (missing.remove(sequence)) {
            lost--;
            late++;
            return Verdict.LATE;
        }
        duplicates++;
        return Verdict.DUPLICATE;
    }

    private void rememberMissing(int s) {
        if (missing.size() == TRACKED_GAPS) {
            Iterator<Integer> oldest = missing.iterator();
            oldest.next();
            oldest.remove();
        }
        missing.add(s);
    }

    private static int next(int s) {
        return s == Integer.MAX_VALUE ? 0 : s + 1;
    }

    /** Datagrams skipped by the sequence numbers and not (yet) arrived late. */
    public long lost() {
        return lost;
    }

    /** Datagrams that arrived after a later one. */
    public long late() {
        return late;
    }

    public long duplicates() {
        return duplicates;
    }
}
