package io.dvstream.ingest.sim;

import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.gesture.GestureClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated camera as a source string, for {@code dvstream ingest --source sim:...}:
 *
 * <pre>
 * sim:SENSOR[?key=value&amp;key=value...]
 *
 *   SENSOR      dvs128 (default when empty), another sensor name (davis346, ...) or WIDTHxHEIGHT
 *   gestures    random (default): endless random classes; or class numbers 1..11 separated by
 *               commas, performed in that order (then the camera ends, unless loop=true)
 *   loop        true: repeat a scripted sequence forever (random is always endless). Default false
 *   seed        seed of everything random. Default 1
 *   lighting    fluorescent, fluorescent_led, lab (default), led, natural
 *   user        performer, 1..99 (as userNN in the corpus). Default 1
 *   speed       camera seconds per wall second: 1 (default) is real time, 10 ten times faster,
 *               0 or max as fast as the simulator runs (no pacing)
 *   packet_ms   camera time per packet, milliseconds. Default 10
 *   gesture_s   nominal seconds per gesture. Default 6
 *   gap_s       nominal idle seconds between gestures. Default 1.5
 *   noise_hz    background activity per pixel before the lighting scales it. Default 0.1
 *   id          camera id in the packets. Default sim-SEED
 * </pre>
 *
 * Example: {@code sim:dvs128?gestures=random&seed=7&lighting=lab},
 * {@code sim:?gestures=1,2,3&speed=max}.
 */
public record SimulatedCameraSpec(SensorGeometry sensor, List<GestureClass> script, boolean loop, long seed,
        Lighting lighting, int user, double speed, long packetUs, double gestureS, double gapS, PixelParameters pixels,
        String cameraId) {

    public static final String SCHEME = "sim:";
    private static final List<String> KEYS =
            List.of("gestures", "loop", "seed", "lighting", "user", "speed", "packet_ms", "gesture_s", "gap_s", "noise_hz", "id");

    public SimulatedCameraSpec {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(lighting, "lighting");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(cameraId, "cameraId");
        script = List.copyOf(script);
        if (speed < 0) {
            throw new IllegalArgumentException("speed must be >= 0 (0: unpaced), was " + speed);
        }
        if (packetUs < 100 || packetUs > 10_000_000) {
            throw new IllegalArgumentException("packet_ms must be 0.1..10000, was " + packetUs / 1000.0);
        }
        if (!(gestureS >= 1) || !(gapS >= 0.2)) {
            throw new IllegalArgumentException("gesture_s must be >= 1 and gap_s >= 0.2, were " + gestureS + ", " + gapS);
        }
    }

    /** Whether gestures are drawn at random (endless) rather than scripted. */
    public boolean random() {
        return script.isEmpty();
    }

    /**
     * Parses a {@code sim:} source string (syntax above).
     *
     * @throws IllegalArgumentException naming the key and value that are wrong, or listing the keys
     */
    public static SimulatedCameraSpec parse(String source) {
        if (!source.startsWith(SCHEME)) {
            throw new IllegalArgumentException("a simulated camera source starts with '" + SCHEME + "', was '" + source + "'");
        }
        String rest = source.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String sensorText = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> params = new LinkedHashMap<>();
        if (q >= 0 && q + 1 < rest.length()) {
            for (String pair : rest.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(source + ": '" + pair + "' is not key=value");
                }
                String key = pair.substring(0, eq).strip().replace('-', '_');
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException(source + ": unknown key '" + key + "', expected one of " + KEYS);
                }
                params.put(key, pair.substring(eq + 1).strip());
            }
        }
        try {
            SensorGeometry sensor = sensorText.isBlank() ? SensorGeometry.DVS128 : SensorGeometry.parse(sensorText);
            List<GestureClass> script = new ArrayList<>();
            String gestures = params.getOrDefault("gestures", "random");
            if (!gestures.equals("random")) {
                for (String n : gestures.split(",")) {
                    script.add(GestureClass.ofNumber((int) number(source, "gestures", n)));
                }
            }
            long seed = params.containsKey("seed") ? (long) number(source, "seed", params.get("seed")) : 1;
            String speedText = params.getOrDefault("speed", "1");
            double speed = speedText.equals("max") ? 0 : decimal(source, "speed", speedText);
            PixelParameters pixels = params.containsKey("noise_hz")
                    ? PixelParameters.DVS128.withBackgroundRateHz(decimal(source, "noise_hz", params.get("noise_hz")))
                    : PixelParameters.DVS128;
            return new SimulatedCameraSpec(sensor, script, bool(source, "loop", params.getOrDefault("loop", "false")), seed,
                    Lighting.parse(params.getOrDefault("lighting", "lab")),
                    (int) number(source, "user", params.getOrDefault("user", "1")), speed,
                    Math.round(decimal(source, "packet_ms", params.getOrDefault("packet_ms", "10")) * 1000),
                    decimal(source, "gesture_s", params.getOrDefault("gesture_s", "6")),
                    decimal(source, "gap_s", params.getOrDefault("gap_s", "1.5")), pixels,
                    params.getOrDefault("id", "sim-" + seed));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static long number(String source, String key, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + " '" + text + "' is not a whole number");
        }
    }

    private static double decimal(String source, String key, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + " '" + text + "' is not a number");
        }
    }

    private static boolean bool(String source, String key, String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(source + ": " + key + " '" + text + "' is neither true nor false");
        };
    }
}
