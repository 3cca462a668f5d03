package io.dvstream.cli;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.EventWriter;
import io.dvstream.ingest.aedat.Aedat4Compression;
import io.dvstream.ingest.aedat.AedatFormat;
import io.dvstream.ingest.aedat.MalformedRecordingException;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.RecordingWriters;
import io.dvstream.ingest.aedat.WriterOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dvstream convert}: a recording from one AEDAT version into another. */
@Command(name = "convert",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Convert a recording between AEDAT 2.0 (jAER), 3.1 (cAER, DVS128 Gesture) and 4.0 (DV). "
                + "The input format is detected from its first line. The output format comes from --format, else from "
                + "OUT's extension: .aedat4, .aedat2, .aedat3/.aedat31; plain .aedat is used by both 2.0 and 3.1 and "
                + "means AEDAT 2.0 when the sensor is a jAER chip (DVS128, DAVIS240, DAVIS346), else 3.1. "
                + "Only polarity events are carried over (IMU, frames, triggers and special events are not); "
                + "read back, OUT gives exactly the events IN gives."},
        footer = {"", "Example:",
                "  ./dvstream convert ../shared/recordings/aestream_davis.aedat4 davis.aedat --compression none",
                "  ./dvstream convert ../shared/recordings/dvs128_alex_walking_again.aedat alex.aedat4 --compression zstd"})
final class ConvertCommand implements Callable<Integer> {

    /** Output format names as users type them. */
    enum Format {
        AEDAT2(AedatFormat.AEDAT_2_0), AEDAT31(AedatFormat.AEDAT_3_1), AEDAT4(AedatFormat.AEDAT_4_0);

        final AedatFormat format;

        Format(AedatFormat format) {
            this.format = format;
        }
    }

    /** AEDAT 4.0 packet compression as users type it. */
    enum Compression {
        LZ4(Aedat4Compression.LZ4), ZSTD(Aedat4Compression.ZSTD), NONE(Aedat4Compression.NONE);

        final Aedat4Compression codec;

        Compression(Aedat4Compression codec) {
            this.codec = codec;
        }
    }

    /** A progress line on stderr at most this often, once a conversion has run this long. */
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The recording to read.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The recording to write (replaced if it exists).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: from OUT's extension.")
    Format format;

    @Option(names = "--compression", paramLabel = "CODEC",
            description = "AEDAT 4.0 output only: packet compression, ${COMPLETION-CANDIDATES}. Default: lz4.")
    Compression compression;

    @Mixin
    RecordingOptions recording;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (Files.exists(out) && Files.exists(in) && Files.isSameFile(in, out)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "OUT is the same file as IN: " + out);
        }
        long started = System.nanoTime();
        try (RecordingReader reader = recording.open(in)) {
            SensorGeometry sensor = reader.sensor();
            AedatFormat target = outputFormat(sensor, stderr);
            if (compression != null && target != AedatFormat.AEDAT_4_0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--compression applies to AEDAT 4.0 output only, and " + out + " is " + target);
            }
            try {
                RecordingWriters.checkWritable(target, sensor);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            WriterOptions options = WriterOptions.DEFAULTS.withCompression(
                    compression != null ? compression.codec : Aedat4Compression.LZ4);
            long events = 0;
            long lastProgress = started;
            try (EventWriter writer = RecordingWriters.create(out, target, sensor, options)) {
                try {
                    while (reader.hasNext()) {
                        EventPacket p = reader.next();
                        writer.write(p);
                        events += p.size();
                        long now = System.nanoTime();
                        if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
                            lastProgress = now;
                            stderr.printf(Locale.ROOT, "  %,d events, camera time %,.1f s, %.1f s elapsed%n", events,
                                    p.lastTUs() / 1e6, (now - started) / 1e9);
                            stderr.flush();
                        }
                    }
                } catch (MalformedRecordingException | IllegalArgumentException e) {
                    writer.close();
                    stderr.printf(Locale.ROOT, "%s%n%s is complete up to that point: %,d events written%n", e.getMessage(),
                            out, writer.eventsWritten());
                    stderr.flush();
                    return 1;
                }
            }
            stdout.printf(Locale.ROOT, "Wrote %,d events (%s, %s) to %s in %.1f s%n", events, describe(target), sensor, out,
                    (System.nanoTime() - started) / 1e9);
            stdout.flush();
            return 0;
        }
    }

    /** --format, else the extension; plain .aedat is resolved by what the sensor allows, and said so. */
    private AedatFormat outputFormat(SensorGeometry sensor, PrintWriter stderr) {
        if (format != null) {
            return format.format;
        }
        var byExtension = RecordingWriters.formatOfExtension(out);
        if (byExtension.isPresent()) {
            return byExtension.get();
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".aedat")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot tell the output format from '"
                    + out.getFileName() + "': use .aedat4, .aedat2, .aedat3 or .aedat, or set --format");
        }
        AedatFormat chosen = RecordingWriters.canWrite(AedatFormat.AEDAT_2_0, sensor) ? AedatFormat.AEDAT_2_0
                : AedatFormat.AEDAT_3_1;
        stderr.printf(Locale.ROOT, "note: .aedat is used by both AEDAT 2.0 and 3.1; writing %s%s (set --format to choose)%n",
                describe(chosen), chosen == AedatFormat.AEDAT_2_0 ? "" : " because AEDAT 2.0 has no layout for " + sensor);
        stderr.flush();
        return chosen;
    }

    private static String describe(AedatFormat format) {
        return switch (format) {
            case AEDAT_2_0 -> "AEDAT 2.0";
            case AEDAT_3_1 -> "AEDAT 3.1";
            case AEDAT_4_0 -> "AEDAT 4.0";
        };
    }
}
