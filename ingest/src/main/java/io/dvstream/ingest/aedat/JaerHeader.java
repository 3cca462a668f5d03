package io.dvstream.ingest.aedat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the {@code #}-line header of a jAER AEDAT 2.0 file (formats.md 1.1): line by line up to
 * {@code #End Of ASCII Header} or the first line that does not start with {@code #}. CRLF and LF
 * both work, and lines are not kept, so a preferences dump of any size costs no memory.
 *
 * <p>Files written before the end marker existed can have a first data record starting with 0x23
 * ({@code #}). A real header line is text, while an AEDAT 2.0 record of a DAVIS chip holds control
 * bytes (its address's low byte is 0 for DVS events), so a {@code #} "line" with control bytes
 * after the version line is taken as the start of the data.
 *
 * <p>A {@value #TIME_OFFSET_KEY} line (written by {@link Aedat2Writer} when event times do not fit in
 * 31 bits, e.g. Unix microseconds from an AEDAT 4.0 file) gives a number added to every unwrapped
 * timestamp; jAER ignores it like any comment.
 *
 * @param chipClass the {@code # AEChip:} class name, empty if absent
 * @param timeOffsetUs added to every unwrapped 32-bit timestamp; 0 unless the header says otherwise
 */
record JaerHeader(AedatHeader header, String chipClass, long timeOffsetUs) {

    private static final Logger LOG = LoggerFactory.getLogger(JaerHeader.class);
    /** Only the start of a line is needed to recognise it; the rest of long lines is skipped. */
    private static final int KEPT_LINE_CHARS = 256;
    private static final String END_MARKER = "#End Of ASCII Header";
    private static final String CHIP_KEY = "# AEChip:";
    private static final String MILLIS_KEY = "System.currentTimeMillis()";
    private static final String CREATED_KEY = "# created ";
    static final String TIME_OFFSET_KEY = "# TimestampOffsetUs:";
    private static final long MAX_TIME_OFFSET_US = 1L << 62;
    /** {@link java.util.Date#toString()}, which jAER's "# created" line uses. */
    private static final DateTimeFormatter JAVA_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ENGLISH);

    static JaerHeader parse(Path file, ChannelInput in) throws IOException {
        ByteBuffer buf = in.buffer();
        // Kept start of the line; the scan runs on the buffer's backing array (header lines can be
        // 100s of KB of preferences dump, and a per-byte buffer call cost more than the event data).
        byte[] kept = new byte[KEPT_LINE_CHARS];
        String chip = "";
        Optional<Instant> millisTime = Optional.empty();
        Optional<Instant> createdTime = Optional.empty();
        int lines = 0;
        long timeOffsetUs = 0;
        while (in.ensure(1) && buf.get(buf.position()) == '#') {
            long lineStart = in.offset();
            int keptLength = 0;
            boolean control = false;
            boolean ended = false;
            while (!ended && in.ensure(1)) {
                byte[] array = buf.array();
                int base = buf.arrayOffset();
                int p = base + buf.position();
                int end = base + buf.limit();
                while (p < end) {
                    byte b = array[p++];
                    if (b == '\n') {
                        ended = true;
                        break;
                    }
                    // signed: bytes >= 0x80 count as control bytes too (text here is ASCII)
                    if (b < 0x20 && b != '\t' && b != '\r') {
                        control = true;
                    }
                    if (b != '\r' && keptLength < KEPT_LINE_CHARS) {
                        kept[keptLength++] = b;
                    }
                }
                buf.position(p - base);
            }
            if (lines > 0 && control) {
                LOG.debug("{}: '#' at byte {} starts binary data, not a header line", file, lineStart);
                in.seek(lineStart);
                break;
            }
            lines++;
            if (!ended) {
                LOG.warn("{}: file ends inside the header at byte {}", file, in.offset());
            }
            String text = new String(kept, 0, keptLength, StandardCharsets.ISO_8859_1);
            if (text.equalsIgnoreCase(END_MARKER)) {
                break;
            }
            if (text.startsWith(TIME_OFFSET_KEY)) {
                timeOffsetUs = parseTimeOffset(file, lineStart, text.substring(TIME_OFFSET_KEY.length()).trim());
            } else if (text.startsWith(CHIP_KEY)) {
                chip = text.substring(CHIP_KEY.length()).trim();
            } else if (text.contains(MILLIS_KEY)) {
                // "# DataStartTime: System.currentTimeMillis() 1460739276000" or the creation-time line
                // (DataStartTime comes last, so it wins over the creation time)
                Optional<Instant> t = parseTrailingMillis(text);
                if (t.isPresent()) {
                    millisTime = t;
                }
            } else if (text.startsWith(CREATED_KEY)) {
                createdTime = parseJavaDate(text.substring(CREATED_KEY.length()).trim());
            }
        }
        AedatHeader header = new AedatHeader(AedatFormat.AEDAT_2_0, in.offset(), chip,
                millisTime.isPresent() ? millisTime : createdTime);
        return new JaerHeader(header, chip, timeOffsetUs);
    }

    private static long parseTimeOffset(Path file, long lineStart, String text) {
        int end = text.indexOf(' ');
        String number = end < 0 ? text : text.substring(0, end);
        long offset;
        try {
            offset = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new MalformedRecordingException(file, lineStart, TIME_OFFSET_KEY + " '" + number + "' is not a number of microseconds");
        }
        if (Math.abs(offset) > MAX_TIME_OFFSET_US) {
            // keeps offset + unwrapped time far from long overflow
            throw new MalformedRecordingException(file, lineStart, TIME_OFFSET_KEY + " " + offset + " is beyond +-2^62 us");
        }
        return offset;
    }

    private static Optional<Instant> parseTrailingMillis(String text) {
        String last = text.substring(text.lastIndexOf(' ') + 1);
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(last)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parseJavaDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, JAVA_DATE).toInstant());
        } catch (DateTimeParseException e) {
            // Zone abbreviations are ambiguous and JDK-dependent; a start time is nice to have only.
            return Optional.empty();
        }
    }
}
