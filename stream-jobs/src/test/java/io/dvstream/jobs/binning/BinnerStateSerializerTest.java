package io.dvstream.jobs.binning;

import io.dvstream.events.binning.BinnerState;
import io.dvstream.events.binning.SparseCounts;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract for the binner state kept per camera. */
class BinnerStateSerializerTest extends SerializerTestBase<BinnerState> {

    @Override
    protected TypeSerializer<BinnerState> createSerializer() {
        return BinnerStateSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<BinnerState> getTypeClass() {
        return BinnerState.class;
    }

    @Override
    protected BinnerState[] getTestData() {
        int[] cells = new int[3_000];
        float[] values = new float[3_000];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = 2 * i + 1;
            values[i] = i % 7 + 1;
        }
        return new BinnerState[] {
            BinnerState.INITIAL,
            new BinnerState(false, 0, 0, 0, 0, 4, SparseCounts.EMPTY),
            new BinnerState(true, 41_306_000, 12, 3, 41_306_777, 0, SparseCounts.of(new int[] {5, 16_389}, new float[] {1, 2})),
            new BinnerState(true, -10_000, Long.MAX_VALUE, 9_000, -1, 2, SparseCounts.of(cells, values)),
        };
    }
}
