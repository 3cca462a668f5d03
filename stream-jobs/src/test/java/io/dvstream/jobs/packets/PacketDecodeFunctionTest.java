package io.dvstream.jobs.packets;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.jobs.CameraPackets;
import io.dvstream.jobs.OperatorMetrics;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PacketDecodeFunctionTest {

    private OneInputStreamOperatorTestHarness<EncodedPacket, EventPacket> harness;
    private final OperatorMetrics metrics = new OperatorMetrics();

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new PacketDecodeFunction()), metrics.environment());
        harness.setup(EventPacketSerializer.INSTANCE);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldDecodeAWireFormatRecord() throws Exception {
        EventPacket packet = CameraPackets.packet(CameraPackets.CAMERA_A, 5, CameraPackets.T0, 1, 2, 1, CameraPackets.T0 + 3, 4, 5, 0);
        byte[] value = new WireCodec().encode(packet);

        harness.processElement(new StreamRecord<>(new EncodedPacket(CameraPackets.CAMERA_A, value, "dvs.events", 1, 42)));

        assertThat(harness.extractOutputValues()).containsExactly(packet);
        assertThat(harness.getSideOutput(PacketDecodeFunction.DEAD_LETTERS)).isNull();
        assertThat(metrics.counter("packetsIn")).isEqualTo(1);
        assertThat(metrics.counter("eventsIn")).isEqualTo(2);
        assertThat(metrics.counter("deadLetters")).isZero();
    }

    @Test
    void shouldSendAnUndecodableRecordToTheDeadLettersWithItsReasonAndPosition() throws Exception {
        harness.processElement(new StreamRecord<>(new EncodedPacket("cam-x", new byte[] {0x00, 0x01}, "dvs.events", 1, 42)));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(PacketDecodeFunction.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                .containsExactly(new DeadLetter("cam-x", "VERSION",
                        "not a dvstream packet: format byte 0x00, expected 0xD1 (version, at byte 0)", "dvs.events", 1, 42, 2));
    }

    @Test
    void shouldSendATruncatedPacketAndAKeylessRecordToTheDeadLetters() throws Exception {
        byte[] good = new WireCodec().encode(CameraPackets.packet("cam", 0, 10, 1, 1, 1, 20, 2, 2, 0));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);

        harness.processElement(new StreamRecord<>(new EncodedPacket("cam", truncated, "dvs.events", 0, 7)));
        harness.processElement(new StreamRecord<>(new EncodedPacket(null, good, "dvs.events", 0, 8)));
        harness.processElement(new StreamRecord<>(new EncodedPacket("cam", good, "dvs.events", 0, 9)));

        assertThat(harness.getSideOutput(PacketDecodeFunction.DEAD_LETTERS)).extracting(r -> r.getValue().kind + "@" + r.getValue().offset)
                .containsExactly("TRUNCATED@7", DeadLetter.MISSING_KEY + "@8");
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(metrics.counter("deadLetters")).isEqualTo(2);
        assertThat(metrics.counter("packetsIn")).isEqualTo(1);
    }
}
