package io.dvstream.ingest.aedat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The AEDAT versions this module reads, recognised by the first line of the file. The extension
 * says nothing: {@code .aedat} is used for 2.0 and 3.1 alike, so it is never looked at.
 */
public enum AedatFormat {
    AEDAT_2_0("#!AER-DAT2.0"),
    AEDAT_3_1("#!AER-DAT3.1"),
    AEDAT_4_0("#!AER-DAT4.0");

    /** Longer than any version line plus its line end; enough to decide. */
    private static final int SNIFF_BYTES = 64;

    private final String versionLine;

    AedatFormat(String versionLine) {
        this.versionLine = versionLine;
    }

    public String versionLine() {
        return versionLine;
    }

    /**
     * Reads the first line of {@code file} and names its format.
     *
     * @throws MalformedRecordingException for anything that is not one of the supported versions;
     *     the message says what was found and what is supported
     */
    public static AedatFormat sniff(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        return fromFirstLine(file, firstLine(head));
    }

    static String firstLine(byte[] head) {
        int end = 0;
        while (end < head.length && head[end] != '\n' && head[end] != '\r') {
            end++;
        }
        return new String(head, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static AedatFormat fromFirstLine(Path file, String line) {
        for (AedatFormat f : values()) {
            if (f.versionLine.equals(line)) {
                return f;
            }
        }
        String why;
        if (line.startsWith("#!AER-DAT1.0") || (line.startsWith("#") && !line.startsWith("#!AER-DAT"))) {
            why = "AEDAT 1.0 (16-bit addresses) is not supported";
        } else if (line.startsWith("#!AER-DAT3.0")) {
            why = "AEDAT 3.0 (bottom-left origin, different bit layout) is not supported";
        } else if (line.startsWith("% ")) {
            why = "this looks like a Prophesee RAW/DAT file, which is not an AEDAT format";
        } else {
            why = "no AEDAT version line";
        }
        String shown = line.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? line : "<binary>";
        throw new MalformedRecordingException(file, 0, why + " (first line '" + shown + "'); expected one of "
                + AEDAT_2_0.versionLine + ", " + AEDAT_3_1.versionLine + ", " + AEDAT_4_0.versionLine);
    }
}
