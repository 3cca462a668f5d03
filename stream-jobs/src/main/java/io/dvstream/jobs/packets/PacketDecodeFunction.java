package io.dvstream.jobs.packets;

import io.dvstream.events.EventPacket;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.events.wire.WireFormatException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes Kafka records of {@code dvs.events} with the {@link WireCodec}.
 *
 * <p>Input: {@link EncodedPacket}; output: one {@link EventPacket} per good record. A record that
 * is not a valid packet (or has no camera id key) goes to the side output {@link #DEAD_LETTERS}
 * with the reason and its partition and offset; the job keeps running. Stateless; chained to the
 * source, so records are handed over without serialization.
 *
 * <p>Metrics (operator group): {@code packetsIn}, {@code eventsIn}, {@code deadLetters}.
 */
public class PacketDecodeFunction extends ProcessFunction<EncodedPacket, EventPacket> {

    private static final long serialVersionUID = 1L;

    /** Records that could not be decoded. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", DeadLetter.TYPE);

    private transient WireCodec codec;
    private transient Counter packetsIn;
    private transient Counter eventsIn;
    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        codec = new WireCodec();
        var metrics = getRuntimeContext().getMetricGroup();
        packetsIn = metrics.counter("packetsIn");
        eventsIn = metrics.counter("eventsIn");
        deadLetters = metrics.counter("deadLetters");
    }

    @Override
    public void processElement(EncodedPacket record, Context ctx, Collector<EventPacket> out) {
        int bytes = record.value == null ? -1 : record.value.length;
        if (record.cameraId == null || record.cameraId.isEmpty()) {
            reject(ctx, record, DeadLetter.MISSING_KEY, "record has no camera id key", bytes);
            return;
        }
        if (record.value == null) {
            reject(ctx, record, WireFormatException.Kind.TRUNCATED.name(), "record has no value (tombstone)", bytes);
            return;
        }
        EventPacket packet;
        try {
            packet = codec.decode(record.cameraId, record.value);
        } catch (WireFormatException e) {
            reject(ctx, record, e.kind().name(), e.getMessage(), bytes);
            return;
        }
        packetsIn.inc();
        eventsIn.inc(packet.size());
        out.collect(packet);
    }

    private void reject(Context ctx, EncodedPacket record, String kind, String reason, int bytes) {
        deadLetters.inc();
        ctx.output(DEAD_LETTERS, new DeadLetter(record.cameraId, kind, reason, record.topic, record.partition, record.offset, bytes));
    }
}
