package io.dvstream.cli;

import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.aedat.ReaderOptions;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that reads a recording shares. */
final class RecordingOptions {

    @Option(names = "--layout", paramLabel = "CHIP",
            description = "AEDAT 2.0 only: decode addresses as ${COMPLETION-CANDIDATES} instead of the chip the "
                    + "header's '# AEChip:' line names.")
    AddressLayout layout;

    @Option(names = "--stream", paramLabel = "ID", defaultValue = "-1",
            description = "AEDAT 4.0 only: the event stream id to read. Default: the first event stream.")
    int streamId;

    RecordingReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such recording: " + file);
        }
        ReaderOptions options = ReaderOptions.DEFAULTS.withAddressLayout(layout).withStreamId(streamId);
        return Recordings.open(file, options);
    }
}
