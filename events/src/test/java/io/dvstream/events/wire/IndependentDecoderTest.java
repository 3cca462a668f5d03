package io.dvstream.events.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dvstream.events.EventPacket;
import io.dvstream.events.Packets;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire format must be decodable without Java: tools/wire_decode.py, written from
 * docs/wire-format.md with Python's standard library, must read what the Java encoder writes.
 */
class IndependentDecoderTest {

    @Test
    void shouldBeDecodedIdenticallyByThePythonReferenceDecoder(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("dvstream.root", ".."));
        Path script = root.resolve("tools/wire_decode.py");
        assumeTrue(Files.exists(script), "tools/wire_decode.py not found under " + root);
        assumeTrue(python3Available(), "python3 is not installed: skipping the cross-language check");

        Random rnd = new Random(2024);
        List<EventPacket> packets = new ArrayList<>();
        packets.add(WireCodecTest.vectorPacket());
        packets.add(Packets.dvs128());
        for (int i = 0; i < 40; i++) {
            SensorGeometry sensor = i % 7 == 6 ? SensorGeometry.custom(34, 34)
                    : SensorGeometry.KNOWN.get(i % SensorGeometry.KNOWN.size());
            packets.add(Packets.random(rnd, sensor, rnd.nextInt(300), rnd.nextInt(1 << 30), 1 + rnd.nextDouble() * 800));
        }
        WireCodec codec = new WireCodec();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(file);
        List<String> expected = new ArrayList<>();
        for (EventPacket p : packets) {
            byte[] record = codec.encode(p);
            data.writeInt(record.length);
            data.write(record);
            expected.add(asPythonJson(p));
        }
        Path records = dir.resolve("records.bin");
        Files.write(records, file.toByteArray());

        Process python = new ProcessBuilder("python3", script.toString(), "--file", records.toString())
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output.lines().toList()).containsExactlyElementsOf(expected);
    }

    private static String asPythonJson(EventPacket p) {
        StringBuilder s = new StringBuilder();
        SensorGeometry g = p.sensor();
        s.append("{\"sensor\": \"").append(g.name()).append(' ').append(g.width()).append('x').append(g.height())
                .append("\", \"sequence\": ").append(p.sequence())
                .append(", \"dropped\": ").append(p.droppedEvents())
                .append(", \"events\": [");
        for (int i = 0; i < p.size(); i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append('[').append(p.tUs(i)).append(", ").append(p.x(i)).append(", ").append(p.y(i))
                    .append(", ").append(p.isOn(i) ? 1 : 0).append(']');
        }
        return s.append("]}").toString();
    }

    private static boolean python3Available() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
