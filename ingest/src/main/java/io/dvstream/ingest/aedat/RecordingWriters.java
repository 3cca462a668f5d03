package io.dvstream.ingest.aedat;

import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.EventWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The one entry point for writing recordings, the counterpart of {@link Recordings}:
 * <pre>{@code
 * try (RecordingReader in = Recordings.open(source);
 *      EventWriter out = RecordingWriters.create(target, AedatFormat.AEDAT_4_0, in.sensor(), WriterOptions.DEFAULTS)) {
 *     while (in.hasNext()) {
 *         out.write(in.next());
 *     }
 * }
 * }</pre>
 */
public final class RecordingWriters {

    private RecordingWriters() {
    }

    /**
     * Creates (or truncates) {@code file} as a recording of {@code format} for {@code sensor}.
     *
     * @throws IllegalArgumentException if the format cannot describe the sensor (see
     *     {@link #canWrite}); the message names the formats that can
     */
    public static EventWriter create(Path file, AedatFormat format, SensorGeometry sensor, WriterOptions options)
            throws IOException {
        return switch (format) {
            case AEDAT_2_0 -> Aedat2Writer.create(file, sensor, options);
            case AEDAT_3_1 -> Aedat31Writer.create(file, sensor, options);
            case AEDAT_4_0 -> Aedat4Writer.create(file, sensor, options);
        };
    }

    /**
     * Whether {@code format} can store events of {@code sensor}: AEDAT 2.0 only for the jAER chips
     * DVS128, DAVIS240 and DAVIS346; AEDAT 3.1 for sensors known by device name (those plus
     * DVXplorer and DVXplorer Lite); AEDAT 4.0 for any size.
     */
    public static boolean canWrite(AedatFormat format, SensorGeometry sensor) {
        try {
            checkWritable(format, sensor);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Throws what {@link #create} would throw for a sensor the format cannot store.
     *
     * @throws IllegalArgumentException saying why and which format to use instead
     */
    public static void checkWritable(AedatFormat format, SensorGeometry sensor) {
        switch (format) {
            case AEDAT_2_0 -> Aedat2Writer.layoutFor(sensor);
            case AEDAT_3_1 -> Aedat31Writer.deviceName(sensor);
            case AEDAT_4_0 -> { }
        }
    }

    /**
     * The format a file name asks for: {@code .aedat4} is 4.0, {@code .aedat2} 2.0,
     * {@code .aedat3} and {@code .aedat31} 3.1. Plain {@code .aedat} is used for both 2.0 and 3.1,
     * so it gives no answer (empty), and neither does any other extension.
     */
    public static Optional<AedatFormat> formatOfExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".aedat4")) {
            return Optional.of(AedatFormat.AEDAT_4_0);
        }
        if (name.endsWith(".aedat2")) {
            return Optional.of(AedatFormat.AEDAT_2_0);
        }
        if (name.endsWith(".aedat3") || name.endsWith(".aedat31")) {
            return Optional.of(AedatFormat.AEDAT_3_1);
        }
        return Optional.empty();
    }
}
