package io.dvstream.ingest.aedat;

import io.dvstream.events.sensor.SensorGeometry;
import java.util.Locale;
import java.util.Optional;

/**
 * How a jAER chip packs an event into a 32-bit raw address (AEDAT 2.0, jAER UDP/TCP), as a table of
 * shifts and masks instead of one decoder per chip. Decoding yields dvstream's convention: top-left
 * origin ({@code x = W-1-rawX}, {@code y = H-1-rawY}, both axes flipped relative to the raw device
 * address) and ON = brightness increase. See formats.md sections 1.4 and 1.5.
 */
public enum AddressLayout {
    /** jAER {@code DVS128}: y bits 14-8, x bits 7-1, bit 0 clear = ON (inverted), bit 15 external. */
    DVS128(SensorGeometry.DVS128, 1, 0x7F, 8, 0x7F, 0x1, false, 0x8000, 0),
    /** jAER {@code DavisChip}: bit 31 APS/IMU, y bits 30-22, x bits 21-12, bit 11 set = ON, bit 10 external. */
    DAVIS240(SensorGeometry.DAVIS240, 12, 0x3FF, 22, 0x1FF, 0x800, true, 0x400, 0x8000_0000),
    /** Same packing as DAVIS240 on a 346x260 array. */
    DAVIS346(SensorGeometry.DAVIS346, 12, 0x3FF, 22, 0x1FF, 0x800, true, 0x400, 0x8000_0000),
    /**
     * DVXplorer (640x480) as jAER streams it: the DAVIS packing (x bits 21-12 hold 0..639, y bits
     * 30-22 hold 0..479). formats.md gives no separate DVXplorer table; jAER reuses the DavisChip
     * constants for it, so this is the same table on the larger array. Chosen only by name
     * ({@link #forChipName}); files naming a DVXplorer chip are not mapped to it.
     */
    DVXPLORER(SensorGeometry.DVXPLORER, 12, 0x3FF, 22, 0x1FF, 0x800, true, 0x400, 0x8000_0000);

    /** DAVIS: bit 31 plus readout type 3 in bits 11-10 marks an IMU word. */
    private static final int IMU_MASK = 0x8000_0C00;

    private final SensorGeometry sensor;
    private final int xShift;
    private final int xMask;
    private final int yShift;
    private final int yMask;
    private final int polarityMask;
    private final boolean onWhenSet;
    private final int specialMask;
    private final int apsImuMask;
    private final int maxX;
    private final int maxY;

    AddressLayout(SensorGeometry sensor, int xShift, int xMask, int yShift, int yMask, int polarityMask,
            boolean onWhenSet, int specialMask, int apsImuMask) {
        this.sensor = sensor;
        this.xShift = xShift;
        this.xMask = xMask;
        this.yShift = yShift;
        this.yMask = yMask;
        this.polarityMask = polarityMask;
        this.onWhenSet = onWhenSet;
        this.specialMask = specialMask;
        this.apsImuMask = apsImuMask;
        this.maxX = sensor.width() - 1;
        this.maxY = sensor.height() - 1;
    }

    public SensorGeometry sensor() {
        return sensor;
    }

    // The packing as numbers, for decoders that hoist them out of their loops.

    int xShift() {
        return xShift;
    }

    int xMask() {
        return xMask;
    }

    int yShift() {
        return yShift;
    }

    int yMask() {
        return yMask;
    }

    /** The one polarity bit. */
    int polarityMask() {
        return polarityMask;
    }

    /** Whether a set polarity bit means ON. */
    boolean onWhenSet() {
        return onWhenSet;
    }

    /** Bits marking an external/special event (0: none). */
    int specialMask() {
        return specialMask;
    }

    /** Bits marking an APS or IMU word (0: the chip has none). */
    int apsImuMask() {
        return apsImuMask;
    }

    /** APS or IMU word (DAVIS only): not a DVS event. */
    public boolean isApsOrImu(int address) {
        return (address & apsImuMask) != 0;
    }

    /** IMU word; only meaningful when {@link #isApsOrImu} is true. */
    public boolean isImu(int address) {
        return (address & IMU_MASK) == IMU_MASK;
    }

    /** External input / sync event: not a pixel. */
    public boolean isSpecial(int address) {
        return (address & specialMask) != 0;
    }

    /** Top-left x; negative when the raw x is beyond the sensor (wrong layout or corrupt data). */
    public int x(int address) {
        return maxX - ((address >>> xShift) & xMask);
    }

    /** Top-left y; negative when the raw y is beyond the sensor. */
    public int y(int address) {
        return maxY - ((address >>> yShift) & yMask);
    }

    public boolean isOn(int address) {
        return ((address & polarityMask) != 0) == onWhenSet;
    }

    /**
     * The raw address of a DVS event at top-left {@code (x, y)}: the inverse of {@link #x}, {@link #y}
     * and {@link #isOn}, as jAER would have recorded it.
     *
     * @throws IllegalArgumentException if {@code (x, y)} is outside this layout's sensor
     */
    public int encode(int x, int y, boolean on) {
        if (x < 0 || y < 0 || x > maxX || y > maxY) {
            throw new IllegalArgumentException("event (" + x + ", " + y + ") is outside the " + sensor + " sensor");
        }
        int address = ((maxX - x) << xShift) | ((maxY - y) << yShift);
        return on == onWhenSet ? address | polarityMask : address;
    }

    /**
     * The layout for a chip name as users type it on the command line: {@code dvs128},
     * {@code davis240}, {@code davis346} or {@code dvxplorer} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted chips
     */
    public static AddressLayout forChipName(String name) {
        for (AddressLayout layout : values()) {
            if (layout.name().equalsIgnoreCase(name.trim())) {
                return layout;
            }
        }
        throw new IllegalArgumentException("Unknown chip '" + name + "': expected one of "
                + java.util.Arrays.stream(values()).map(l -> l.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** The layout whose sensor is {@code sensor} (same width and height), if jAER has one. */
    public static Optional<AddressLayout> forSensor(SensorGeometry sensor) {
        for (AddressLayout layout : values()) {
            if (layout.sensor.width() == sensor.width() && layout.sensor.height() == sensor.height()) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }

    /**
     * The layout for a jAER {@code # AEChip:} class name, e.g.
     * {@code ch.unizh.ini.jaer.chip.retina.DVS128} or {@code eu.seebetter.ini.chips.davis.DAVIS240C};
     * matched on the simple class name so that variants (DAVIS240B, Davis346Red, ...) map too.
     */
    public static Optional<AddressLayout> forChipClass(String chipClass) {
        String simple = chipClass.substring(chipClass.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
        if (simple.startsWith("DVS128") || simple.startsWith("TMPDIFF128")) {
            return Optional.of(DVS128);
        }
        if (simple.startsWith("DAVIS240")) {
            return Optional.of(DAVIS240);
        }
        if (simple.startsWith("DAVIS346")) {
            return Optional.of(DAVIS346);
        }
        return Optional.empty();
    }
}
