package io.dvstream.ingest.aedat;

import io.dvstream.events.sensor.SensorGeometry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads iniVation DV AEDAT 4.0 files (formats.md section 3): version line, size-prefixed IOHeader
 * FlatBuffer, then packets of {@code int32 streamId, int32 size, payload} up to the FileDataTable.
 *
 * <ul>
 *   <li>Events come from one EVTS stream: {@link ReaderOptions#streamId()} or the lowest EVTS id.
 *       Packets of other EVTS streams are skipped and counted as {@code otherPackets}.</li>
 *   <li>FRME packets are skipped unread (one frame each); IMUS and TRIG packets are decompressed
 *       only to count their elements. Every payload's FlatBuffer identifier is checked against its
 *       stream's type, so no other packet is ever read as events.</li>
 *   <li>Timestamps are Unix microseconds; they pass through
 *       {@link io.dvstream.events.time.TimestampUnwrapper#monotone} so a glitch cannot break the
 *       packet invariant (adjustments are counted). Files written by jAER get {@code y = H-1-y}.</li>
 *   <li>Memory: the read buffer plus one packet, compressed and decompressed, reused.</li>
 * </ul>
 */
public final class Aedat4Reader extends AbstractRecordingReader {

    private static final Logger LOG = LoggerFactory.getLogger(Aedat4Reader.class);
    private static final byte[] VERSION_LINE = (AedatFormat.AEDAT_4_0.versionLine() + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final String IO_HEADER_ID = "IOHE";
    private static final int PACKET_HEADER_BYTES = 8;
    /** FlatBuffers struct Event {int64 t; int16 x; int16 y; bool polarity} padded to 16 bytes. */
    private static final int EVENT_BYTES = 16;
    private static final int EVENT_X = 8;
    private static final int EVENT_Y = 10;
    private static final int EVENT_POLARITY = 12;
    /** Vectors of tables (IMU, Trigger) store a uint32 offset per element. */
    private static final int TABLE_REFERENCE_BYTES = 4;
    /** Far above any real packet (a 1280x720 frame is 0.9 MB); stops a corrupt frame from eating the heap. */
    private static final int MAX_PAYLOAD_BYTES = 256 << 20;

    private final Aedat4Compression compression;
    private final Map<Integer, Aedat4Stream> streams;
    private final Aedat4Stream eventStream;
    private final long packetsEnd;
    private final int maxY;
    /** Cached {@link Aedat4Stream#isJaerWritten()}: it compares strings, too slow per event. */
    private final boolean flipY;

    private byte[] raw = new byte[64 * 1024];
    private byte[] plain = new byte[256 * 1024];
    private final Lz4FrameDecoder lz4 = new Lz4FrameDecoder(MAX_PAYLOAD_BYTES);
    private ByteBuffer events;
    private int eventData;
    private int eventCount;
    private int eventIndex;
    private long packetOffset;
    private boolean warnedUnknownStream;

    private Aedat4Reader(Path file, ChannelInput in, AedatHeader header, ReaderOptions options,
            Aedat4Compression compression, Map<Integer, Aedat4Stream> streams, Aedat4Stream eventStream,
            SensorGeometry sensor, long packetsEnd) {
        super(file, in, header, sensor, options);
        this.compression = compression;
        this.streams = streams;
        this.eventStream = eventStream;
        this.packetsEnd = packetsEnd;
        this.maxY = sensor.height() - 1;
        this.flipY = eventStream.isJaerWritten();
    }

    /**
     * Opens {@code file} and parses its IOHeader.
     *
     * @throws MalformedRecordingException if the header is broken or describes no EVTS stream
     * @throws IllegalArgumentException if {@link ReaderOptions#streamId()} names no EVTS stream
     */
    public static Aedat4Reader open(Path file, ReaderOptions options) throws IOException {
        ChannelInput in = new ChannelInput(file, options.readBufferBytes(), ByteOrder.LITTLE_ENDIAN);
        try {
            return open(file, in, options);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static Aedat4Reader open(Path file, ChannelInput in, ReaderOptions options) throws IOException {
        ByteBuffer buf = in.buffer();
        if (!in.ensure(VERSION_LINE.length + 4)) {
            throw new MalformedRecordingException(file, 0, "file of " + in.size() + " bytes is too short for an AEDAT 4.0 header");
        }
        byte[] line = new byte[VERSION_LINE.length];
        buf.get(line);
        if (!Arrays.equals(line, VERSION_LINE)) {
            throw new MalformedRecordingException(file, 0, "expected version line " + AedatFormat.AEDAT_4_0.versionLine()
                    + " followed by CRLF, found '" + AedatFormat.firstLine(line) + "'");
        }
        long sizeAt = in.offset();
        int headerSize = buf.getInt();
        if (headerSize < 8 || headerSize > in.remainingInFile()) {
            throw new MalformedRecordingException(file, sizeAt, "IOHeader size " + headerSize + " is not within 8.."
                    + in.remainingInFile() + " (bytes left in the file)");
        }
        long headerAt = in.offset();
        byte[] headerBytes = new byte[headerSize];
        in.readFully(headerBytes, 0, headerSize);
        long dataOffset = in.offset();

        ByteBuffer header = ByteBuffer.wrap(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        Aedat4Compression compression;
        long dataTablePosition;
        Map<Integer, Aedat4Stream> streams;
        try {
            String id = FlatBufferTable.identifier(header, 0);
            if (!IO_HEADER_ID.equals(id)) {
                throw new MalformedRecordingException(file, headerAt + 4, "IOHeader identifier is '" + id
                        + "', expected '" + IO_HEADER_ID + "'");
            }
            FlatBufferTable root = FlatBufferTable.root(header, 0);
            compression = Aedat4Compression.fromCode(root.getInt(0, 0));
            dataTablePosition = root.getLong(1, -1);
            String infoNode = root.getString(2);
            if (infoNode == null) {
                throw new MalformedRecordingException(file, headerAt, "IOHeader has no infoNode");
            }
            streams = Aedat4InfoNode.parse(infoNode);
        } catch (FlatBufferTable.FlatBufferException | IllegalArgumentException e) {
            throw new MalformedRecordingException(file, headerAt, "IOHeader: " + e.getMessage(), e);
        }

        Aedat4Stream eventStream = chooseEventStream(file, headerAt, streams, options.streamId());
        if (eventStream.sizeX() < 1 || eventStream.sizeY() < 1
                || eventStream.sizeX() > SensorGeometry.MAX_SIDE || eventStream.sizeY() > SensorGeometry.MAX_SIDE) {
            throw new MalformedRecordingException(file, headerAt, "EVTS stream " + eventStream.id() + " has no valid sensor size (sizeX "
                    + eventStream.sizeX() + ", sizeY " + eventStream.sizeY() + ") in the infoNode");
        }
        long packetsEnd = packetsEnd(file, in.size(), dataOffset, dataTablePosition);
        AedatHeader aedat = new AedatHeader(AedatFormat.AEDAT_4_0, dataOffset, eventStream.source(), Optional.empty());
        LOG.debug("{}: AEDAT 4.0, {} compression, streams {}, reading {}", file, compression, streams.values(), eventStream);
        return new Aedat4Reader(file, in, aedat, options, compression, streams, eventStream,
                SensorGeometry.of(eventStream.sizeX(), eventStream.sizeY()), packetsEnd);
    }

    private static Aedat4Stream chooseEventStream(Path file, long headerAt, Map<Integer, Aedat4Stream> streams, int wanted) {
        var eventStreams = streams.values().stream().filter(s -> Aedat4Stream.EVENTS.equals(s.type())).toList();
        if (eventStreams.isEmpty()) {
            throw new MalformedRecordingException(file, headerAt, "infoNode describes no EVTS stream (streams: "
                    + streams.values() + ")");
        }
        if (wanted == ReaderOptions.FIRST_EVENT_STREAM) {
            return eventStreams.get(0);
        }
        return eventStreams.stream().filter(s -> s.id() == wanted).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "Invalid value " + wanted + " for configuration streamId: " + file + " has EVTS streams "
                        + eventStreams.stream().map(Aedat4Stream::id).toList()));
    }

    /** Packets run up to the FileDataTable when there is one, else to the end of the file. */
    private static long packetsEnd(Path file, long fileSize, long dataOffset, long dataTablePosition) {
        if (dataTablePosition < 0) {
            return fileSize;
        }
        if (dataTablePosition < dataOffset) {
            throw new MalformedRecordingException(file, dataOffset, "IOHeader dataTablePosition " + dataTablePosition
                    + " points before the first packet");
        }
        if (dataTablePosition > fileSize) {
            // Typical of a truncated copy; reading goes on until the cut, which is then reported.
            LOG.warn("{}: dataTablePosition {} is beyond the file's {} bytes; the file looks truncated", file,
                    dataTablePosition, fileSize);
            return fileSize;
        }
        return dataTablePosition;
    }

    /** All streams of the file by id, as the infoNode describes them. */
    public Map<Integer, Aedat4Stream> streams() {
        return streams;
    }

    /** The packet compression the IOHeader declares. */
    public Aedat4Compression compression() {
        return compression;
    }

    /** The EVTS stream this reader delivers. */
    public Aedat4Stream eventStream() {
        return eventStream;
    }

    @Override
    protected boolean decode() throws IOException {
        while (true) {
            ByteBuffer ev = events;
            while (eventIndex < eventCount) {
                int p = eventData + eventIndex * EVENT_BYTES;
                eventIndex++;
                int y = ev.getShort(p + EVENT_Y);
                if (flipY) {
                    y = maxY - y;
                }
                if (!offer(clock.monotone(ev.getLong(p)), ev.getShort(p + EVENT_X), y, ev.get(p + EVENT_POLARITY) != 0,
                        packetOffset)) {
                    return true;
                }
            }
            if (!nextEventPacket()) {
                return false;
            }
        }
    }

    /** Advances to the next non-empty packet of the event stream, counting what it passes. */
    private boolean nextEventPacket() throws IOException {
        ByteBuffer buf = in.buffer();
        while (true) {
            long offset = in.offset();
            long left = packetsEnd - offset;
            if (left == 0) {
                return false;
            }
            if (left < PACKET_HEADER_BYTES) {
                throw new MalformedRecordingException(file, offset, "truncated packet header: " + left + " of "
                        + PACKET_HEADER_BYTES + " bytes before " + endName());
            }
            in.ensure(PACKET_HEADER_BYTES);
            int streamId = buf.getInt();
            int size = buf.getInt();
            if (size < 0 || size > left - PACKET_HEADER_BYTES || size > MAX_PAYLOAD_BYTES) {
                throw new MalformedRecordingException(file, offset, "packet of stream " + streamId + " declares "
                        + Integer.toUnsignedString(size) + " payload bytes but only " + (left - PACKET_HEADER_BYTES)
                        + " remain before " + endName());
            }
            Aedat4Stream stream = streams.get(streamId);
            String type = stream == null ? "" : stream.type();
            if (stream == eventStream) {
                ByteBuffer payload = load(offset, stream, size);
                FlatBufferTable table = root(offset, stream, payload);
                eventCount = vector(offset, stream, table, EVENT_BYTES);
                eventData = eventCount == 0 ? 0 : table.vectorData(0);
                eventIndex = 0;
                events = payload;
                packetOffset = offset;
                if (eventCount > 0) {
                    return true;
                }
            } else if (Aedat4Stream.IMU.equals(type)) {
                ByteBuffer payload = load(offset, stream, size);
                counters.imuSamples += vector(offset, stream, root(offset, stream, payload), TABLE_REFERENCE_BYTES);
            } else if (Aedat4Stream.TRIGGERS.equals(type)) {
                ByteBuffer payload = load(offset, stream, size);
                counters.triggers += vector(offset, stream, root(offset, stream, payload), TABLE_REFERENCE_BYTES);
            } else if (Aedat4Stream.FRAMES.equals(type)) {
                counters.frames++;
                in.skip(size);
            } else {
                if (stream == null && !warnedUnknownStream) {
                    warnedUnknownStream = true;
                    LOG.warn("{}: packet at byte {} belongs to stream {}, which the infoNode does not describe; skipping such packets",
                            file, offset, streamId);
                }
                counters.otherPackets++;
                in.skip(size);
            }
        }
    }

    private String endName() {
        return packetsEnd == in.size() ? "the end of the file (byte " + packetsEnd + ")"
                : "the data table (byte " + packetsEnd + ")";
    }

    /** Reads and decompresses one payload into the reused buffers; returns a little-endian view. */
    private ByteBuffer load(long offset, Aedat4Stream stream, int size) throws IOException {
        if (raw.length < size) {
            raw = new byte[Math.max(size, raw.length * 2)];
        }
        in.readFully(raw, 0, size);
        if (compression == Aedat4Compression.NONE) {
            return ByteBuffer.wrap(raw, 0, size).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (compression == Aedat4Compression.LZ4 || compression == Aedat4Compression.LZ4_HIGH) {
            try {
                int length = lz4.decode(raw, 0, size);
                return ByteBuffer.wrap(lz4.output(), 0, length).slice().order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException e) {
                throw new MalformedRecordingException(file, offset, describe(stream) + ": " + compression
                        + " payload of " + size + " bytes does not decompress: " + e.getMessage(), e);
            }
        }
        int length = 0;
        try (InputStream z = compression.decompressing(new ByteArrayInputStream(raw, 0, size))) {
            int n;
            while ((n = z.read(plain, length, plain.length - length)) >= 0) {
                length += n;
                if (length == plain.length) {
                    if (plain.length >= MAX_PAYLOAD_BYTES) {
                        throw new MalformedRecordingException(file, offset, describe(stream)
                                + " decompresses to more than " + MAX_PAYLOAD_BYTES + " bytes");
                    }
                    plain = Arrays.copyOf(plain, Math.min(plain.length * 2, MAX_PAYLOAD_BYTES));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedRecordingException m) {
                throw m;
            }
            // Commons Compress and zstd-jni report corrupt frames as IOException or unchecked errors.
            throw new MalformedRecordingException(file, offset, describe(stream) + ": " + compression
                    + " payload of " + size + " bytes does not decompress: " + e.getMessage(), e);
        }
        return ByteBuffer.wrap(plain, 0, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Checks the size prefix and the identifier (which must match the stream's type) of a payload
     * and returns its root table.
     */
    private FlatBufferTable root(long offset, Aedat4Stream stream, ByteBuffer payload) {
        try {
            if (payload.limit() < 12) {
                throw new FlatBufferTable.FlatBufferException("payload of " + payload.limit() + " bytes is too short");
            }
            long prefix = Integer.toUnsignedLong(payload.getInt(0));
            if (prefix > payload.limit() - 4) {
                throw new FlatBufferTable.FlatBufferException("size prefix " + prefix + " exceeds the "
                        + (payload.limit() - 4) + " bytes after it");
            }
            payload.limit(4 + (int) prefix);
            String id = FlatBufferTable.identifier(payload, 4);
            if (!id.equals(stream.type())) {
                throw new FlatBufferTable.FlatBufferException("identifier is '" + id + "', expected '" + stream.type() + "'");
            }
            return FlatBufferTable.root(payload, 4);
        } catch (FlatBufferTable.FlatBufferException e) {
            throw new MalformedRecordingException(file, offset, describe(stream) + ": " + e.getMessage(), e);
        }
    }

    /** Length of the {@code elements} vector (field 0 in event, imu and trigger packets). */
    private int vector(long offset, Aedat4Stream stream, FlatBufferTable table, int elementBytes) {
        try {
            return table.vectorLength(0, elementBytes);
        } catch (FlatBufferTable.FlatBufferException e) {
            throw new MalformedRecordingException(file, offset, describe(stream) + ": elements: " + e.getMessage(), e);
        }
    }

    private static String describe(Aedat4Stream stream) {
        return "packet of stream " + stream.id() + " (" + stream.type() + ")";
    }
}
