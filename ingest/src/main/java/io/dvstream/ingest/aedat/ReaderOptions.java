package io.dvstream.ingest.aedat;

import io.dvstream.ingest.PacketLimits;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of the recording readers. Start from {@link #DEFAULTS} and change what you need:
 * {@code ReaderOptions.DEFAULTS.withLimits(PacketLimits.ofEvents(1000)).withStreamId(2)}.
 *
 * @param limits packet size bounds
 * @param cameraId camera id put on every packet; {@code null} means the file name
 * @param addressLayout AEDAT 2.0 only: decode with this layout instead of the one the header's
 *     {@code # AEChip:} line names; {@code null} means use the header
 * @param streamId AEDAT 4.0 only: the EVTS stream to read; {@link #FIRST_EVENT_STREAM} picks the
 *     lowest-numbered EVTS stream
 * @param imuListener AEDAT 2.0 only: receives every complete IMU sample, in file order, while the
 *     packet holding the events around it is being filled (so before {@code next()} returns that
 *     packet). IMU samples never appear among the events.
 * @param readBufferBytes size of the reused read buffer; the only per-file memory besides one
 *     AEDAT 4.0 packet (compressed and decompressed)
 */
public record ReaderOptions(PacketLimits limits, String cameraId, AddressLayout addressLayout, int streamId,
        Consumer<ImuSample> imuListener, int readBufferBytes) {

    public static final int FIRST_EVENT_STREAM = -1;
    /** 64 KiB: large enough that reads are few, small enough to stay in L2 cache. */
    public static final int DEFAULT_READ_BUFFER_BYTES = 64 * 1024;
    /** Must hold the longest fixed-size structure read through it (28-byte AEDAT 3.1 packet header). */
    public static final int MIN_READ_BUFFER_BYTES = 4 * 1024;

    public static final ReaderOptions DEFAULTS = new ReaderOptions(PacketLimits.DEFAULT, null, null,
            FIRST_EVENT_STREAM, sample -> { }, DEFAULT_READ_BUFFER_BYTES);

    public ReaderOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(imuListener, "imuListener");
        if (cameraId != null && cameraId.isEmpty()) {
            throw new IllegalArgumentException("cameraId must be null (use the file name) or non-empty");
        }
        if (streamId < FIRST_EVENT_STREAM) {
            throw new IllegalArgumentException("streamId must be >= 0, or FIRST_EVENT_STREAM (-1), was " + streamId);
        }
        if (readBufferBytes < MIN_READ_BUFFER_BYTES) {
            throw new IllegalArgumentException("readBufferBytes must be >= " + MIN_READ_BUFFER_BYTES + ", was " + readBufferBytes);
        }
    }

    public ReaderOptions withLimits(PacketLimits limits) {
        return new ReaderOptions(limits, cameraId, addressLayout, streamId, imuListener, readBufferBytes);
    }

    public ReaderOptions withCameraId(String cameraId) {
        return new ReaderOptions(limits, cameraId, addressLayout, streamId, imuListener, readBufferBytes);
    }

    public ReaderOptions withAddressLayout(AddressLayout addressLayout) {
        return new ReaderOptions(limits, cameraId, addressLayout, streamId, imuListener, readBufferBytes);
    }

    public ReaderOptions withStreamId(int streamId) {
        return new ReaderOptions(limits, cameraId, addressLayout, streamId, imuListener, readBufferBytes);
    }

    public ReaderOptions withImuListener(Consumer<ImuSample> imuListener) {
        return new ReaderOptions(limits, cameraId, addressLayout, streamId, imuListener, readBufferBytes);
    }

    public ReaderOptions withReadBufferBytes(int readBufferBytes) {
        return new ReaderOptions(limits, cameraId, addressLayout, streamId, imuListener, readBufferBytes);
    }
}
