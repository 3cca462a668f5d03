package io.dvstream.bench;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.replay.Packetizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a real recording once per trial, cut into packets as the ingest service cuts them.
 * Recordings are found in the folder named by {@code -Ddvstream.recordings} (default
 * {@code ../shared/recordings}, next to the repository).
 */
final class RecordingFixture {

    private RecordingFixture() {
    }

    static Path file(String recording) {
        Path dir = Path.of(System.getProperty("dvstream.recordings", "../shared/recordings"));
        Path file = dir.resolve(recording);
        if (!Files.exists(file)) {
            throw new IllegalStateException("Recording " + file.toAbsolutePath() + " not found: run from the repository root "
                    + "or pass -Ddvstream.recordings=DIR (JMH: -jvmArgsAppend -Ddvstream.recordings=DIR)");
        }
        return file;
    }

    static List<EventPacket> packets(String recording, long packetUs) {
        Path file = file(recording);
        List<EventPacket> packets = new ArrayList<>();
        Packetizer packetizer = new Packetizer(packetUs, p -> packets.add(p.copy()));
        try (RecordingReader reader = Recordings.open(file)) {
            reader.forEachRemaining(packetizer::accept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        packetizer.flush();
        return packets;
    }
}
