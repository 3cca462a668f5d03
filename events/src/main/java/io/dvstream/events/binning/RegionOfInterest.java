package io.dvstream.events.binning;

import io.dvstream.events.sensor.SensorGeometry;

/** A rectangle of sensor pixels, top-left corner {@code (x, y)}; events outside it are not binned. */
public record RegionOfInterest(int x, int y, int width, int height) {

    public RegionOfInterest {
        if (x < 0 || y < 0) {
            throw new IllegalArgumentException("region origin must be >= 0, was (" + x + ", " + y + ")");
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("region size must be >= 1x1, was " + width + "x" + height);
        }
    }

    /** The whole sensor. */
    public static RegionOfInterest of(SensorGeometry sensor) {
        return new RegionOfInterest(0, 0, sensor.width(), sensor.height());
    }

    /** Parses {@code X,Y,WIDTH,HEIGHT}, as the command line takes it. */
    public static RegionOfInterest parse(String text) {
        String[] parts = text.split(",");
        if (parts.length == 4) {
            try {
                return new RegionOfInterest(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        Integer.parseInt(parts[2].trim()), Integer.parseInt(parts[3].trim()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("Invalid region '" + text + "': expected X,Y,WIDTH,HEIGHT such as 40,20,256,256");
    }

    /** Checks that the region lies inside the sensor. */
    public void requireInside(SensorGeometry sensor) {
        if (x + width > sensor.width() || y + height > sensor.height()) {
            throw new IllegalArgumentException("region " + this + " does not fit in the " + sensor + " sensor");
        }
    }
}
