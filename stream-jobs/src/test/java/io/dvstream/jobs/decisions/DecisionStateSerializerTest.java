package io.dvstream.jobs.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class DecisionStateSerializerTest {

    private static final DecisionStateSerializer S = DecisionStateSerializer.INSTANCE;

    @Test
    void shouldRoundTripEveryField() throws Exception {
        DecisionState s = new DecisionState(3, 2, 1_000, 51_000, 0.875, 1, 4, 2, 20_000);
        byte[] bytes = InstantiationUtil.serializeToByteArray(S, s);
        assertThat(bytes).hasSize(S.getLength());
        assertThat(InstantiationUtil.deserializeFromByteArray(S, bytes)).isEqualTo(s);
    }

    @Test
    void shouldCopyRawBytes() throws Exception {
        DecisionState s = new DecisionState(1, -1, 0, 0, 0, 0, 1, 1, 5);
        DataOutputSerializer out = new DataOutputSerializer(64);
        S.copy(new DataInputDeserializer(InstantiationUtil.serializeToByteArray(S, s)), out);
        assertThat(InstantiationUtil.deserializeFromByteArray(S, out.getCopyOfBuffer())).isEqualTo(s);
    }

    @Test
    void shouldRestoreFromItsSnapshot() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, S.snapshotConfiguration());
        TypeSerializerSnapshot<DecisionState> back = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(back.restoreSerializer()).isSameAs(S);
        TypeSerializerSchemaCompatibility<DecisionState> compat =
                S.snapshotConfiguration().resolveSchemaCompatibility(back);
        assertThat(compat.isCompatibleAsIs()).isTrue();
    }
}
