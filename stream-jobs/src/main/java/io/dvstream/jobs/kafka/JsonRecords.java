package io.dvstream.jobs.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.jobs.packets.DeadLetter;
import java.nio.charset.StandardCharsets;

/**
 * The JSON values the job writes to Kafka. Field names are a contract with consumers: add, never
 * rename.
 */
public final class JsonRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRecords() {
    }

    /**
     * Per-frame summary: {@code {"camera", "stream", "frame", "startUs", "endUs", "events", "on",
     * "off", "cells"}} (camera microseconds; cells = non-zero cells).
     */
    public static byte[] frameSummary(SparseFrame f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("camera", f.cameraId);
        n.put("stream", f.stream);
        n.put("frame", f.index);
        n.put("startUs", f.startUs);
        n.put("endUs", f.endUs);
        n.put("events", f.eventCount);
        n.put("on", f.onCount);
        n.put("off", f.offCount);
        n.put("cells", f.cells == null ? 0 : f.cells.length);
        return bytes(n);
    }

    /** A dead letter: {@code {"camera", "kind", "reason", "topic", "partition", "offset", "valueBytes"}}. */
    public static byte[] deadLetter(DeadLetter d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("camera", d.cameraId);
        n.put("kind", d.kind);
        n.put("reason", d.reason);
        n.put("topic", d.topic);
        n.put("partition", d.partition);
        n.put("offset", d.offset);
        n.put("valueBytes", d.valueBytes);
        return bytes(n);
    }

    private static byte[] bytes(ObjectNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}
