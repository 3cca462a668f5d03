package io.dvstream.jobs.inference;

import java.io.Serializable;

/**
 * Micro-batching of cameras in the stateful inference operator (docs/gesture-job.md,
 * "Micro-batching"): frames of different cameras that reach one subtask close together are stepped
 * in one batched classifier call ({@link BatchedInferenceOperator}).
 *
 * @param maxBatch at most this many cameras' frames per batched step (inference.batch.max); 1 turns
 *     batching off: the job runs the per-frame {@link InferenceFunction}, as before batching existed
 * @param maxWaitMs processing time a waiting frame waits at most for the batch to fill before it is
 *     stepped anyway (inference.batch.max.wait.ms): the latency batching may add; only used when
 *     {@code maxBatch > 1}
 */
public record InferenceBatching(int maxBatch, long maxWaitMs) implements Serializable {

    /** Largest batch: DS2TA stacks every state of a batch, and the measurements stop paying at 16. */
    public static final int MAX_BATCH = 64;
    /** Longest wait: a decision waits for its window's last frame's batch, and latency matters. */
    public static final long MAX_WAIT_MS = 1_000;
    /** The default wait when batching is turned on: 5 ms, a tenth of a 50 ms frame. */
    public static final long DEFAULT_MAX_WAIT_MS = 5;

    public InferenceBatching {
        if (maxBatch < 1 || maxBatch > MAX_BATCH) {
            throw invalid("inference.batch.max", maxBatch, "must be between 1 (no batching) and " + MAX_BATCH);
        }
        if (maxWaitMs < 1 || maxWaitMs > MAX_WAIT_MS) {
            throw invalid("inference.batch.max.wait.ms", maxWaitMs, "must be between 1 and " + MAX_WAIT_MS
                    + " ms: a frame waits this long at most for other cameras' frames before it is stepped");
        }
    }

    /** No batching (one frame per step), the default. */
    public static InferenceBatching off() {
        return new InferenceBatching(1, DEFAULT_MAX_WAIT_MS);
    }

    /** Whether frames of several cameras are stepped together. */
    public boolean enabled() {
        return maxBatch > 1;
    }

    private static IllegalArgumentException invalid(String key, Object value, String rule) {
        return new IllegalArgumentException("Invalid value " + value + " for configuration " + key + ": " + rule);
    }
}
