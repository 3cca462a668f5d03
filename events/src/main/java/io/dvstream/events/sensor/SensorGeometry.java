package io.dvstream.events.sensor;

import java.util.List;
import java.util.Locale;

/**
 * The pixel array of an event camera: a name and its size. Coordinates of every event in dvstream
 * are top-left origin (x to the right, y down) inside {@code [0, width) x [0, height)}.
 *
 * <p>The known sensors are constants; anything else is {@link #custom(int, int)}. The wire format
 * identifies a known sensor by its {@link #wireCode()} and sends width and height only for custom
 * ones, so the order of {@link #KNOWN} is part of the wire format: append, never reorder.
 */
public record SensorGeometry(String name, int width, int height) {

    /** Largest supported side: coordinates are carried as {@code short}. */
    public static final int MAX_SIDE = Short.MAX_VALUE;

    public static final SensorGeometry DVS128 = new SensorGeometry("dvs128", 128, 128);
    public static final SensorGeometry DAVIS240 = new SensorGeometry("davis240", 240, 180);
    public static final SensorGeometry DAVIS346 = new SensorGeometry("davis346", 346, 260);
    public static final SensorGeometry DVXPLORER = new SensorGeometry("dvxplorer", 640, 480);
    public static final SensorGeometry DVXPLORER_LITE = new SensorGeometry("dvxplorer-lite", 320, 240);
    public static final SensorGeometry IMX636 = new SensorGeometry("imx636", 1280, 720);

    /** Known sensors in wire-code order: index i has wire code i + 1; code 0 means custom. */
    public static final List<SensorGeometry> KNOWN =
            List.of(DVS128, DAVIS240, DAVIS346, DVXPLORER, DVXPLORER_LITE, IMX636);

    private static final String CUSTOM = "custom";

    public SensorGeometry {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("sensor name must not be blank");
        }
        checkSide("width", width);
        checkSide("height", height);
    }

    /** A sensor that is not in the registry. */
    public static SensorGeometry custom(int width, int height) {
        return new SensorGeometry(CUSTOM, width, height);
    }

    /**
     * Parses a sensor as users type it: a known name ({@code dvs128}, {@code davis346}, ...) or a
     * size {@code WxH} (for example {@code 304x240}), case-insensitive.
     */
    public static SensorGeometry parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (SensorGeometry known : KNOWN) {
            if (known.name.equals(s)) {
                return known;
            }
        }
        if (s.startsWith(CUSTOM + ":")) {
            s = s.substring(CUSTOM.length() + 1);
        }
        int cross = s.indexOf('x');
        if (cross > 0) {
            try {
                return of(Integer.parseInt(s.substring(0, cross)), Integer.parseInt(s.substring(cross + 1)));
            } catch (NumberFormatException e) {
                // fall through to the error below, which lists what is accepted
            }
        }
        throw new IllegalArgumentException("Unknown sensor '" + text + "': expected one of "
                + KNOWN.stream().map(SensorGeometry::name).toList() + " or a size WIDTHxHEIGHT such as 304x240");
    }

    /** The known sensor of this size if there is exactly one, else a custom geometry. */
    public static SensorGeometry of(int width, int height) {
        for (SensorGeometry known : KNOWN) {
            if (known.width == width && known.height == height) {
                return known;
            }
        }
        return custom(width, height);
    }

    /** 1-based index in {@link #KNOWN}, or 0 for a custom geometry. */
    public int wireCode() {
        return KNOWN.indexOf(this) + 1;
    }

    /** The known sensor with this wire code; 0 is not accepted here (custom carries its size). */
    public static SensorGeometry fromWireCode(int code) {
        if (code < 1 || code > KNOWN.size()) {
            throw new IllegalArgumentException("sensor code " + code + " is not a known sensor (1.." + KNOWN.size() + ")");
        }
        return KNOWN.get(code - 1);
    }

    public int pixels() {
        return width * height;
    }

    public boolean contains(int x, int y) {
        return x >= 0 && x < width && y >= 0 && y < height;
    }

    @Override
    public String toString() {
        return name + " " + width + "x" + height;
    }

    private static void checkSide(String what, int value) {
        if (value < 1 || value > MAX_SIDE) {
            throw new IllegalArgumentException(what + " must be between 1 and " + MAX_SIDE + ", was " + value);
        }
    }
}
