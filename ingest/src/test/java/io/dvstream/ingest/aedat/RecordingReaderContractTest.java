package io.dvstream.ingest.aedat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.PacketLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link io.dvstream.ingest.EventReader} contract, run against every reader on every file we
 * have: synthetic ones always, the shared recordings when present (skipped otherwise).
 */
class RecordingReaderContractTest {

    /** Small on purpose, so that both bounds cut packets often. */
    private static final PacketLimits LIMITS = new PacketLimits(700, 2_000);

    @TempDir
    static Path dir;

    static Stream<Arguments> recordings() {
        return Stream.of(
                Arguments.of("dvs128 (shared)", shared(SharedRecordings.DVS128)),
                Arguments.of("davis240 (shared)", shared(SharedRecordings.DAVIS240)),
                Arguments.of("aedat4 lz4 (shared)", shared(SharedRecordings.AEDAT4)),
                Arguments.of("aedat2 synthetic", synthetic("a.aedat", () -> aedat2Bytes())),
                Arguments.of("aedat4 zstd synthetic", synthetic("b.aedat4", () -> new Aedat4Bytes(Aedat4Bytes.ZSTD)
                        .stream(0, "EVTS", 346, 260, "capture").events(0, Aedat4Bytes.rows(3_000, 10))
                        .events(0, Aedat4Bytes.rows(2_000, 40_000)).build())),
                Arguments.of("aedat3.1 synthetic", synthetic("c.aedat", () -> Aedat31Bytes.gesture(4_000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void shouldDeliverMonotoneTimeInsideTheSensorInBoundedNumberedPackets(String name, Supplier<Path> file)
            throws IOException {
        try (RecordingReader reader = Recordings.open(file.get(), ReaderOptions.DEFAULTS.withLimits(LIMITS))) {
            long expectedSequence = 0;
            long previous = Long.MIN_VALUE;
            long events = 0;
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                assertThat(p.sequence()).isEqualTo(expectedSequence++);
                assertThat(p.size()).isBetween(1, LIMITS.maxEvents());
                assertThat(p.lastTUs() - p.firstTUs()).isLessThan(LIMITS.maxSpanUs());
                assertThat(p.sensor()).isEqualTo(reader.sensor());
                for (int i = 0; i < p.size(); i++) {
                    assertThat(p.tUs(i)).isGreaterThanOrEqualTo(previous);
                    previous = p.tUs(i);
                    assertThat(reader.sensor().contains(p.x(i), p.y(i))).as("event %d inside", i).isTrue();
                }
                events += p.size();
            }
            assertThat(events).isPositive().isEqualTo(reader.stats().events());
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void shouldCloseIdempotentlyAndStopIterating(String name, Supplier<Path> file) throws IOException {
        RecordingReader reader = Recordings.open(file.get(), ReaderOptions.DEFAULTS.withLimits(LIMITS));
        assertThat(reader.hasNext()).isTrue();
        reader.close();
        reader.close();
        assertThat(reader.hasNext()).isFalse();
        assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
    }

    private static Supplier<Path> shared(String name) {
        return () -> SharedRecordings.require(name);
    }

    private static Supplier<Path> synthetic(String name, Supplier<byte[]> bytes) {
        return () -> {
            try {
                Path file = dir.resolve(name);
                return Files.exists(file) ? file : Files.write(file, bytes.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static byte[] aedat2Bytes() {
        Aedat2Bytes b = new Aedat2Bytes().header("\r\n", "#!AER-DAT2.0", Aedat2Bytes.DVS128_CHIP);
        for (int i = 0; i < 5_000; i++) {
            b.record(Aedat2Bytes.dvs128(i % 128, (i / 128) % 128, i % 2 == 0), 1_000 + 3 * i);
        }
        return b.build();
    }
}
