package io.dvstream.ingest.aedat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses the header of a cAER AEDAT 3.1 file (formats.md 2.1): {@code #} lines up to the mandatory
 * {@code #!END-HEADER}. Keeps the first {@code #Source <id>: <name>} (re-logged {@code #-Source}
 * lines are history and ignored) and the {@code #Start-Time}.
 *
 * @param sourceId id of the first source; its polarity packets are the ones read
 */
record CaerHeader(AedatHeader header, int sourceId) {

    private static final String END_MARKER = "#!END-HEADER";
    private static final String SOURCE_KEY = "#Source ";
    private static final String START_KEY = "#Start-Time: ";
    private static final int KEPT_LINE_CHARS = 256;
    /** strftime "%Y-%m-%d %H:%M:%S (TZ%z)" as cAER writes it. */
    private static final DateTimeFormatter START_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '(TZ'xx')'");

    static CaerHeader parse(Path file, ChannelInput in) throws IOException {
        ByteBuffer buf = in.buffer();
        StringBuilder line = new StringBuilder(KEPT_LINE_CHARS);
        String source = null;
        int sourceId = -1;
        Optional<Instant> start = Optional.empty();
        while (true) {
            long lineStart = in.offset();
            if (!in.ensure(1) || buf.get(buf.position()) != '#') {
                throw new MalformedRecordingException(file, lineStart, "AEDAT 3.1 header ends without " + END_MARKER);
            }
            line.setLength(0);
            while (in.ensure(1)) {
                byte b = buf.get();
                if (b == '\n') {
                    break;
                }
                if (b != '\r' && line.length() < KEPT_LINE_CHARS) {
                    line.append((char) (b & 0xFF));
                }
            }
            String text = line.toString();
            if (text.equals(END_MARKER)) {
                break;
            }
            if (text.startsWith(SOURCE_KEY) && source == null) {
                int colon = text.indexOf(':');
                try {
                    sourceId = Integer.parseInt(text.substring(SOURCE_KEY.length(), colon < 0 ? text.length() : colon).trim());
                } catch (NumberFormatException e) {
                    throw new MalformedRecordingException(file, lineStart, "source line '" + text + "' has no numeric id");
                }
                source = colon < 0 ? "" : text.substring(colon + 1).trim();
            } else if (text.startsWith(START_KEY)) {
                start = parseStart(text.substring(START_KEY.length()).trim());
            }
        }
        if (source == null) {
            throw new MalformedRecordingException(file, 0, "AEDAT 3.1 header has no '#Source <id>: <name>' line");
        }
        return new CaerHeader(new AedatHeader(AedatFormat.AEDAT_3_1, in.offset(), source, start), sourceId);
    }

    private static Optional<Instant> parseStart(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, START_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // informational only
        }
    }
}
