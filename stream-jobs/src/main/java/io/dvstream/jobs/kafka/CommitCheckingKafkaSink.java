package io.dvstream.jobs.kafka;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exactly-once {@link KafkaSink} whose lost transactions are loud. The connector's committer
 * treats a transaction it cannot commit because the broker fenced or aborted it (for instance after
 * {@code transaction.timeout.ms}: {@code ProducerFencedException}, {@code InvalidTxnStateException},
 * {@code UnknownProducerIdException}) as a "known reason": it logs and drops it, the job goes on,
 * and a whole checkpoint's records are missing from the topic (stack.md, the transaction timeout
 * pitfall). This wrapper sees those drops:
 *
 * <ul>
 *   <li>counter {@value #LOST_METRIC} in the sink's committer metric group, one per transaction;</li>
 *   <li>an ERROR naming the transaction, the cause and the configured timeout;</li>
 *   <li>when the committer did not start from a checkpoint or savepoint, the job fails with
 *       {@link TransactionLostException}: nothing but a lost transaction can cause it there. A
 *       committer restored from a checkpoint may re-commit transactions the previous attempt already
 *       committed, and the broker can refuse those the same way; there the loss is counted and
 *       logged only (the restore itself is the visible event).</li>
 * </ul>
 * Everything else (writer, state, serializers, post-commit topology, uids) is the delegate's, so
 * savepoints are the same as with the plain sink.
 */
public final class CommitCheckingKafkaSink<IN> implements TwoPhaseCommittingStatefulSink<IN, KafkaWriterState, KafkaCommittable>,
        SupportsPostCommitTopology<KafkaCommittable> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CommitCheckingKafkaSink.class);

    /** Counter of transactions the committer gave up on. */
    public static final String LOST_METRIC = "transactionsLost";

    private final KafkaSink<IN> delegate;
    private final String name;
    private final long transactionTimeoutMs;

    /**
     * @param delegate an exactly-once sink
     * @param name what the log calls it (its uid)
     * @param transactionTimeoutMs the producers' transaction.timeout.ms, for the message
     */
    public CommitCheckingKafkaSink(KafkaSink<IN> delegate, String name, long transactionTimeoutMs) {
        this.delegate = delegate;
        this.name = name;
        this.transactionTimeoutMs = transactionTimeoutMs;
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> createWriter(WriterInitContext context)
            throws IOException {
        return delegate.createWriter(context);
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> restoreWriter(WriterInitContext context,
            Collection<KafkaWriterState> recoveredState) throws IOException {
        return delegate.restoreWriter(context, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        Counter lost = context.metricGroup().counter(LOST_METRIC);
        boolean restored = context.getRestoredCheckpointId().isPresent();
        return new CheckingCommitter(delegate.createCommitter(context), lost, restored);
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        delegate.addPostCommitTopology(committables);
    }

    /** A committed-or-else-loud view of the connector's committer. */
    private final class CheckingCommitter implements Committer<KafkaCommittable> {

        private final Committer<KafkaCommittable> committer;
        private final Counter lost;
        private final boolean restored;

        CheckingCommitter(Committer<KafkaCommittable> committer, Counter lost, boolean restored) {
            this.committer = committer;
            this.lost = lost;
            this.restored = restored;
        }

        @Override
        public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
            List<CommitRequest<KafkaCommittable>> checked = new ArrayList<>(requests.size());
            for (CommitRequest<KafkaCommittable> r : requests) {
                checked.add(new CheckedRequest(r));
            }
            committer.commit(checked);
        }

        @Override
        public void close() throws Exception {
            committer.close();
        }

        /** Forwards everything; a known-reason failure is counted, logged and, outside recovery, fatal. */
        private final class CheckedRequest implements CommitRequest<KafkaCommittable> {

            private final CommitRequest<KafkaCommittable> request;

            CheckedRequest(CommitRequest<KafkaCommittable> request) {
                this.request = request;
            }

            @Override
            public KafkaCommittable getCommittable() {
                return request.getCommittable();
            }

            @Override
            public int getNumberOfRetries() {
                return request.getNumberOfRetries();
            }

            @Override
            public void signalFailedWithKnownReason(Throwable t) {
                lost.inc();
                String message = name + ": Kafka transaction " + request.getCommittable().getTransactionalId()
                        + " was not committed (" + t.getClass().getSimpleName() + ": " + t.getMessage() + "); its records are "
                        + "LOST from the output unless an earlier attempt committed them. Typical cause: the transaction "
                        + "stayed open longer than transaction.timeout.ms (" + transactionTimeoutMs + " ms) and the broker "
                        + "aborted it (checkpoints slower than that, or a restart that took longer).";
                LOG.error(message, t);
                if (restored) {
                    request.signalFailedWithKnownReason(t);
                } else {
                    request.signalFailedWithUnknownReason(new TransactionLostException(message, t));
                }
            }

            @Override
            public void signalFailedWithUnknownReason(Throwable t) {
                request.signalFailedWithUnknownReason(t);
            }

            @Override
            public void retryLater() {
                request.retryLater();
            }

            @Override
            public void updateAndRetryLater(KafkaCommittable committable) {
                request.updateAndRetryLater(committable);
            }

            @Override
            public void signalAlreadyCommitted() {
                request.signalAlreadyCommitted();
            }
        }
    }

    /** A transaction of an exactly-once sink that the broker refused to commit: its records are lost. */
    public static final class TransactionLostException extends IOException {

        private static final long serialVersionUID = 1L;

        TransactionLostException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
