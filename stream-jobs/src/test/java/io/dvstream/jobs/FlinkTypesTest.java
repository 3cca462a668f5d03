package io.dvstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinnerState;
import io.dvstream.events.binning.SparseCounts;
import io.dvstream.jobs.binning.BinnerStateSerializer;
import io.dvstream.jobs.binning.CameraStatus;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.inference.WindowScores;
import io.dvstream.jobs.packets.DeadLetter;
import io.dvstream.jobs.packets.EncodedPacket;
import io.dvstream.jobs.packets.EventPacketSerializer;
import io.dvstream.jobs.packets.EventPacketTypeInfo;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.PojoTestUtils;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type in the job graph and in state has a Flink serializer of its own: no Kryo anywhere. */
class FlinkTypesTest {

    @ParameterizedTest
    @ValueSource(classes = {SparseFrame.class, EncodedPacket.class, DeadLetter.class, CameraStatus.class, WindowScores.class,
            GestureEvent.class})
    void shouldSerializeRecordTypesAsPojos(Class<?> type) {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
    }

    @Test
    void shouldRoundTripAFrameThroughItsPojoSerializer() throws Exception {
        SparseFrame f = new SparseFrame();
        f.cameraId = "cam";
        f.index = 3;
        f.startUs = 30_000;
        f.endUs = 40_000;
        f.width = 2;
        f.height = 2;
        f.eventCount = 3;
        f.onCount = 2;
        f.offCount = 1;
        f.cells = new int[] {1, 6};
        f.counts = new float[] {1, 2};
        TypeSerializer<SparseFrame> s = SparseFrame.TYPE.createSerializer(new SerializerConfigImpl());

        SparseFrame back = InstantiationUtil.deserializeFromByteArray(s, InstantiationUtil.serializeToByteArray(s, f));

        assertThat(back).isEqualTo(f);
        assertThat(back.toDense()).containsExactly(0, 1, 0, 0, 0, 0, 2, 0);
    }

    @Test
    void shouldRestoreTheSerializersFromTheirSnapshots() throws Exception {
        assertRestorableAndCompatible(EventPacketSerializer.INSTANCE);
        assertRestorableAndCompatible(BinnerStateSerializer.INSTANCE);
        assertRestorableAndCompatible(SparseFrame.TYPE.createSerializer(new SerializerConfigImpl()));
        assertRestorableAndCompatible(CameraStatus.TYPE.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void shouldRoundTripBinnerStateThroughAFlinkSerializer() throws Exception {
        BinnerState s = new BinnerState(true, 10_000, 3, 2, 10_500, 1, SparseCounts.of(new int[] {4}, new float[] {2}));
        byte[] bytes = InstantiationUtil.serializeToByteArray(BinnerStateSerializer.INSTANCE, s);
        assertThat(InstantiationUtil.deserializeFromByteArray(BinnerStateSerializer.INSTANCE, bytes)).isEqualTo(s);
    }

    @Test
    void shouldGivePacketsTheirOwnTypeInformation() {
        TypeInformation<EventPacket> info = EventPacketTypeInfo.INSTANCE;
        assertThat(info.createSerializer(new SerializerConfigImpl())).isSameAs(EventPacketSerializer.INSTANCE);
        assertThat(info.isKeyType()).isFalse();
    }

    @Test
    void shouldSwitchOffGenericTypesInTheJob() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new BinningJob(BinningJobConfig.defaults("localhost:9092")).configure(env);
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(10_000);
    }

    private static <T> void assertRestorableAndCompatible(TypeSerializer<T> serializer) throws Exception {
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), FlinkTypesTest.class.getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }
}
