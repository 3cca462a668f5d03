package io.dvstream.ingest.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.events.wire.WireFormatException;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.aedat.SharedRecordings;
import io.dvstream.ingest.replay.Packetizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire format against every real recording in {@code shared/recordings}: every packet the
 * replay path would publish must come back exactly, truncated records must be reported as such,
 * and corrupted ones must fail only with {@link WireFormatException}.
 *
 * <p>The bytes/event figures are printed, not asserted: size targets belong to the benchmarks
 * ({@code docs/benchmarks.md}).
 */
class WireRoundTripTest {

    /** A shared recording and its event count from shared/recordings/README.md. */
    record Recording(String file, long goldenEvents) {
        @Override
        public String toString() {
            return file;
        }
    }

    static final List<Recording> RECORDINGS = List.of(
            new Recording(SharedRecordings.DVS128, 19_182),
            new Recording(SharedRecordings.DAVIS240, 162_771),
            new Recording(SharedRecordings.AEDAT4, 117_667));

    static final long[] PACKET_LENGTHS_US = {1_000, 10_000, 100_000};

    static Stream<Recording> recordings() {
        return RECORDINGS.stream();
    }

    static Stream<Arguments> recordingsAndPacketLengths() {
        return RECORDINGS.stream().flatMap(r -> Arrays.stream(PACKET_LENGTHS_US).mapToObj(us -> Arguments.of(r, us)));
    }

    @ParameterizedTest(name = "{0} in {1} us packets")
    @MethodSource("recordingsAndPacketLengths")
    void shouldRoundTripEverySharedRecordingExactly(Recording recording, long packetUs) throws IOException {
        Path file = SharedRecordings.require(recording.file());
        WireCodec encoder = new WireCodec();
        WireCodec decoder = new WireCodec();
        EventPacket reused = new EventPacket("reused", SensorGeometry.DVS128, 0);
        StreamDigest original = new StreamDigest();
        StreamDigest decoded = new StreamDigest();
        long[] totals = new long[3]; // packets, events, bytes
        long[] expectedSequence = {0};

        Consumer<EventPacket> roundTrip = packet -> {
            byte[] bytes = encoder.encode(packet);
            assertThat(encoder.encodedSize(packet)).isEqualTo(bytes.length);

            EventPacket fresh = decoder.decode(packet.cameraId(), bytes);
            assertSamePacket(fresh, packet, "decode(camera, bytes)");

            // The same record in the middle of a larger buffer, decoded into one reused packet:
            // the decoder must neither read outside [offset, offset + length) nor keep old events.
            byte[] framed = frame(bytes, 5, 11);
            decoder.decode(packet.cameraId(), framed, 5, bytes.length, reused);
            assertSamePacket(reused, packet, "decode(camera, bytes, offset, length, into)");

            assertThat(packet.sequence()).as("packet sequence").isEqualTo(expectedSequence[0]++);
            decoded.add(fresh);
            totals[0]++;
            totals[1] += packet.size();
            totals[2] += bytes.length;
        };

        Packetizer packetizer = new Packetizer(packetUs, roundTrip);
        try (RecordingReader reader = Recordings.open(file)) {
            while (reader.hasNext()) {
                EventPacket read = reader.next();
                original.add(read);
                packetizer.accept(read);
            }
        }
        packetizer.flush();

        assertThat(totals[1]).as("events of %s", recording).isEqualTo(recording.goldenEvents());
        assertThat(original.events).as("events read from %s", recording).isEqualTo(recording.goldenEvents());
        assertThat(decoded.events).isEqualTo(original.events);
        assertThat(decoded.hash).as("digest of every decoded event, in order, against the reader's").isEqualTo(original.hash);
        assertThat(totals[0]).isEqualTo(packetizer.packetsEmitted());
        System.out.printf(Locale.ROOT, "[wire size] %-34s %7d us packets: %,7d packets %,8d events %,10d bytes = %.3f bytes/event%n",
                recording.file(), packetUs, totals[0], totals[1], totals[2], (double) totals[2] / totals[1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void shouldReportEveryStrictPrefixOfRealPacketsAsTruncated(Recording recording) throws IOException {
        List<byte[]> samples = samplePackets(recording, 1_000, 12);
        WireCodec codec = new WireCodec();
        EventPacket into = new EventPacket("prefix", SensorGeometry.DVS128, 0);
        long prefixes = 0;
        for (byte[] record : samples) {
            for (int len = 0; len < record.length; len++) {
                int cut = len;
                boolean empty = cut == 0;
                // As its own array, and in place: the bytes after the cut are still there and must be ignored.
                assertThatThrownBy(() -> codec.decode("prefix", Arrays.copyOf(record, cut)))
                        .as("%s: %d-byte prefix of a %d-byte packet", recording, cut, record.length)
                        .isInstanceOfSatisfying(WireFormatException.class, e -> assertTruncated(e, empty));
                assertThatThrownBy(() -> codec.decode("prefix", record, 0, cut, into))
                        .as("%s: %d-byte prefix of a %d-byte packet, in place", recording, cut, record.length)
                        .isInstanceOfSatisfying(WireFormatException.class, e -> assertTruncated(e, empty));
                prefixes++;
            }
            // and the whole record still decodes
            codec.decode("prefix", record, 0, record.length, into);
        }
        System.out.printf(Locale.ROOT, "[wire prefixes] %-34s %d packets (%d..%d bytes), %,d strict prefixes rejected%n",
                recording.file(), samples.size(), samples.stream().mapToInt(b -> b.length).min().orElse(0),
                samples.stream().mapToInt(b -> b.length).max().orElse(0), prefixes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void shouldFailOnlyWithWireFormatExceptionWhenRandomBitsFlip(Recording recording) throws IOException {
        long seed = 0x5EED_0000L + RECORDINGS.indexOf(recording);
        Random rnd = new Random(seed);
        List<byte[]> samples = samplePackets(recording, 10_000, 24);
        WireCodec codec = new WireCodec();
        EventPacket into = new EventPacket("flip", SensorGeometry.DVS128, 0);
        Map<WireFormatException.Kind, Integer> rejected = new EnumMap<>(WireFormatException.Kind.class);
        int trials = 20_000;
        int decodedAnyway = 0;
        for (int trial = 0; trial < trials; trial++) {
            byte[] good = samples.get(rnd.nextInt(samples.size()));
            byte[] bad = good.clone();
            int flips = 1 + rnd.nextInt(3);
            // Half the trials aim at the header and the first bytes of the bit stream, where a flip
            // changes the meaning of everything after it; the rest anywhere in the record.
            int range = rnd.nextBoolean() ? Math.min(bad.length, 24) : bad.length;
            StringBuilder where = new StringBuilder();
            for (int f = 0; f < flips; f++) {
                int at = rnd.nextInt(range);
                int bit = rnd.nextInt(8);
                bad[at] ^= (byte) (1 << bit);
                where.append(' ').append(at).append('.').append(bit);
            }
            try {
                codec.decode("flip", bad, 0, bad.length, into);
                decodedAnyway++;
                // A flipped record that still decodes must be a consistent packet: it re-encodes
                // and decodes to itself.
                EventPacket copy = into.copy();
                assertThat(codec.decode("flip", codec.encode(copy))).isEqualTo(copy);
            } catch (WireFormatException expected) {
                rejected.merge(expected.kind(), 1, Integer::sum);
                assertThat(expected.getMessage()).isNotBlank();
                assertThat(expected.offset()).isBetween(0, bad.length);
            } catch (RuntimeException | Error unexpected) {
                fail("%s, seed %d, trial %d: flipping bits [byte.bit]%s of a %d-byte packet threw %s instead of WireFormatException",
                        recording, seed, trial, where, good.length, unexpected, unexpected);
            }
        }
        System.out.printf(Locale.ROOT, "[wire bit flips] %-34s seed %d: %,d trials, rejected %s, decoded anyway %,d%n",
                recording.file(), seed, trials, rejected, decodedAnyway);
        assertThat(decodedAnyway).isLessThan(trials);
    }

    // ---------------------------------------------------------------------------------------------

    private static void assertTruncated(WireFormatException e, boolean emptyPrefix) {
        if (emptyPrefix) {
            assertThat(e.kind()).isIn(WireFormatException.Kind.TRUNCATED, WireFormatException.Kind.VERSION);
        } else {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(WireFormatException.Kind.TRUNCATED);
        }
    }

    /**
     * Encoded packets of a recording cut at {@code packetUs}: the first, the last, the largest and
     * evenly spaced ones in between, {@code count} at most.
     */
    private static List<byte[]> samplePackets(Recording recording, long packetUs, int count) throws IOException {
        Path file = SharedRecordings.require(recording.file());
        WireCodec codec = new WireCodec();
        List<byte[]> all = new ArrayList<>();
        Packetizer packetizer = new Packetizer(packetUs, p -> all.add(codec.encode(p)));
        try (RecordingReader reader = Recordings.open(file)) {
            reader.forEachRemaining(packetizer::accept);
        }
        packetizer.flush();
        assertThat(all).isNotEmpty();
        List<byte[]> picked = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            byte[] p = all.get((int) ((long) i * (all.size() - 1) / Math.max(1, count - 2)));
            if (!picked.contains(p)) {
                picked.add(p);
            }
        }
        byte[] largest = all.stream().max(Comparator.comparingInt(b -> b.length)).orElseThrow();
        if (!picked.contains(largest)) {
            picked.add(largest);
        }
        return picked;
    }

    private static byte[] frame(byte[] record, int before, int after) {
        byte[] framed = new byte[before + record.length + after];
        Arrays.fill(framed, (byte) 0xA5);
        System.arraycopy(record, 0, framed, before, record.length);
        return framed;
    }

    private static void assertSamePacket(EventPacket actual, EventPacket expected, String how) {
        if (actual.equals(expected)) {
            return;
        }
        fail("%s returned a different packet: expected %s, got %s; %s", how, expected, actual, firstDifference(expected, actual));
    }

    private static String firstDifference(EventPacket a, EventPacket b) {
        if (!a.cameraId().equals(b.cameraId()) || !a.sensor().equals(b.sensor())
                || a.sequence() != b.sequence() || a.droppedEvents() != b.droppedEvents()) {
            return "header differs";
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (a.tUs(i) != b.tUs(i) || a.x(i) != b.x(i) || a.y(i) != b.y(i) || a.isOn(i) != b.isOn(i)) {
                return String.format(Locale.ROOT, "event %d: expected (%d, %d, %s) @ %d, got (%d, %d, %s) @ %d", i,
                        a.x(i), a.y(i), a.isOn(i) ? "ON" : "OFF", a.tUs(i), b.x(i), b.y(i), b.isOn(i) ? "ON" : "OFF", b.tUs(i));
            }
        }
        return "sizes differ: " + a.size() + " vs " + b.size();
    }

    /** Order-sensitive digest of an event stream, independent of how it is cut into packets. */
    private static final class StreamDigest {
        long events;
        long hash = 1;

        void add(EventPacket p) {
            for (int i = 0; i < p.size(); i++) {
                hash = 31 * hash + p.tUs(i);
                hash = 31 * hash + ((long) p.x(i) << 32 | (long) p.y(i) << 1 | p.polarity(i));
            }
            events += p.size();
        }
    }
}
