package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class Ds2taStateSerializerTest {

    private static final Ds2ta MODEL = Ds2ta.random(ModelConfig.small1x64(), 5);

    private static Ds2taState stepped(int steps) {
        Ds2taState s = MODEL.newState();
        float[] frame = new float[2 * 64 * 64];
        for (int i = 0; i < steps; i++) {
            Arrays.fill(frame, 0f);
            Arrays.fill(frame, 97 * i, 97 * i + 700, 1f);
            MODEL.step(frame, s);
        }
        return s;
    }

    @Test
    void shouldWriteTheStateBytesAndReadThemBackIdentically() throws Exception {
        Ds2taStateSerializer ser = new Ds2taStateSerializer(MODEL.config());
        Ds2taState s = stepped(3);
        Ds2taState back = InstantiationUtil.deserializeFromByteArray(ser, InstantiationUtil.serializeToByteArray(ser, s));
        assertThat(back.toBytes()).isEqualTo(s.toBytes());
        assertThat(back.steps()).isEqualTo(3);
        assertThat(ser.createInstance().toBytes()).isEqualTo(MODEL.newState().toBytes());
        // The serializer travels in the job graph (Java serialisation) and comes back equal.
        assertThat(InstantiationUtil.clone(ser)).isEqualTo(ser).extracting(Ds2taStateSerializer::config).isEqualTo(MODEL.config());
    }

    @Test
    void shouldCopyDeeplySoThatAStepOnTheOriginalLeavesTheCopy() {
        Ds2taStateSerializer ser = new Ds2taStateSerializer(MODEL.config());
        Ds2taState s = stepped(2);
        byte[] before = s.toBytes();
        Ds2taState copy = ser.copy(s);
        MODEL.step(new float[2 * 64 * 64], s);
        assertThat(copy.toBytes()).isEqualTo(before);
        assertThat(s.toBytes()).isNotEqualTo(before);
    }

    @Test
    void shouldRestoreFromItsSnapshotAndRefuseTheStateOfAModelOfOtherShapes() throws IOException {
        Ds2taStateSerializer ser = new Ds2taStateSerializer(MODEL.config());
        TypeSerializerSnapshot<Ds2taState> snap = roundTrip(ser.snapshotConfiguration());
        TypeSerializer<Ds2taState> restored = snap.restoreSerializer();
        assertThat(restored).isEqualTo(ser);

        // Same shapes (another seed, so other weights): the bytes stay readable.
        assertThat(new Ds2taStateSerializer(Ds2ta.random(ModelConfig.small1x64(), 6).config()).snapshotConfiguration()
                .resolveSchemaCompatibility(snap).isCompatibleAsIs()).isTrue();
        // Other shapes: incompatible, the restore fails instead of misreading membranes.
        assertThat(new Ds2taStateSerializer(ModelConfig.gesture2x256()).snapshotConfiguration()
                .resolveSchemaCompatibility(snap).isIncompatible()).isTrue();
    }

    @Test
    void shouldNameTheFieldOfCorruptStateBytes() throws IOException {
        Ds2taStateSerializer ser = new Ds2taStateSerializer(MODEL.config());
        byte[] bytes = InstantiationUtil.serializeToByteArray(ser, stepped(1));
        bytes[bytes.length - 100] ^= 1; // a float in the last slot
        assertThatThrownBy(() -> InstantiationUtil.deserializeFromByteArray(ser, bytes))
                .hasMessageContaining("CRC32 mismatch");
    }

    private static <T> TypeSerializerSnapshot<T> roundTrip(TypeSerializerSnapshot<T> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                Ds2taStateSerializerTest.class.getClassLoader());
    }
}
