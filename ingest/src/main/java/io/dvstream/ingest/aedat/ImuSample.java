package io.dvstream.ingest.aedat;

/**
 * One inertial sample as the DAVIS IMU reported it (raw signed 16-bit ADC counts). Scales depend on
 * the full-scale range the camera was configured with, which the recording does not state, so the
 * raw values are kept; {@link #temperatureCelsius()} is the one fixed conversion.
 *
 * @param tUs sample time on the same monotone clock as the events
 */
public record ImuSample(long tUs, short accelX, short accelY, short accelZ, short temperature,
        short gyroX, short gyroY, short gyroZ) {

    /** MPU-6x50 datasheet conversion: raw / 340 + 35. */
    public double temperatureCelsius() {
        return temperature / 340.0 + 35.0;
    }
}
