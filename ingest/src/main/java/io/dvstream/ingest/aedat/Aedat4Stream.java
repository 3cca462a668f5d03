package io.dvstream.ingest.aedat;

/**
 * One stream of an AEDAT 4.0 file as its IOHeader infoNode describes it (formats.md 3.2).
 *
 * @param id stream id used in packet headers (arbitrary, not necessarily contiguous)
 * @param type {@code typeIdentifier}: EVTS, FRME, IMUS, TRIG, ...
 * @param sizeX sensor width, 0 when not stated (IMU and trigger streams)
 * @param sizeY sensor height, 0 when not stated
 * @param source camera name and serial, e.g. {@code DAVIS346_00000104}; empty when not stated
 * @param originalModuleName the writing module; {@code jAER} means bottom-left y (flipped on read)
 */
public record Aedat4Stream(int id, String type, int sizeX, int sizeY, String source, String originalModuleName) {

    static final String EVENTS = "EVTS";
    static final String FRAMES = "FRME";
    static final String IMU = "IMUS";
    static final String TRIGGERS = "TRIG";

    /** jAER stores its own display coordinates (origin bottom-left) in the files it writes. */
    public boolean isJaerWritten() {
        return "jAER".equals(originalModuleName);
    }
}
