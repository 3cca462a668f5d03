package io.dvstream.ingest.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvstream.events.wire.Topics;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.sim.CameraLabel;
import io.dvstream.ingest.sim.LabelSink;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes ground-truth gesture labels to {@link Topics#LABELS} as small JSON records keyed by
 * camera, one record per labelled gesture, sent when the camera's clock reaches its start:
 * <pre>{@code {"camera":"alex","class":3,"gesture":"left hand wave","startUs":74839238,"endUs":81768543,"pass":0}}</pre>
 * Times are on the clock of the camera's event timestamps; {@code pass} numbers the replay's passes
 * over a looped recording, or the simulated camera's gesture batches. Both {@code dvstream replay
 * --labels} and the simulated camera ({@code dvstream ingest --source sim:...}) write this format.
 *
 * <p>Idempotent producer with {@code acks=all}, like the events. {@link #publish} does not wait for
 * the broker; a send that fails for good is counted and rethrown by {@link #flush()} and
 * {@link #close()}, so no label is lost silently.
 */
public final class LabelPublisher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Producer<String, String> producer;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();

    public LabelPublisher(String bootstrapServers) {
        this(bootstrapServers, KafkaClientConfig.none());
    }

    /** @param clients Kafka client settings (a {@code --kafka-config} file: SASL, TLS, ...) over the publisher's own */
    public LabelPublisher(String bootstrapServers, KafkaClientConfig clients) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // labels are rare and scorers want them promptly
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(clients.producer(p));
    }

    /**
     * The JSON record of one label.
     *
     * @param label the gesture with its times already on the camera's clock
     */
    public static String toJson(String cameraId, GestureLabel label, long pass) {
        ObjectNode node = JSON.createObjectNode()
                .put("camera", cameraId)
                .put("class", label.gesture().number())
                .put("gesture", label.gesture().displayName())
                .put("startUs", label.startUs())
                .put("endUs", label.endUs())
                .put("pass", pass);
        return node.toString();
    }

    /** Sends one label (asynchronously); callable from any one thread at a time. */
    public void publish(String cameraId, GestureLabel label, long pass) {
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(Topics.LABELS, cameraId, toJson(cameraId, label, pass)), (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, error);
            }
        });
    }

    /**
     * A sink for a simulated live camera's labels: each gesture is published once, when the camera
     * reaches its {@link CameraLabel.Phase#START} (the record already holds the planned end), with
     * pass 0, since the camera's clock runs on across its gesture batches and never restarts.
     */
    public LabelSink simulatedCameraSink() {
        return label -> {
            if (label.phase() == CameraLabel.Phase.START) {
                publish(label.cameraId(), label.label(), 0);
            }
        };
    }

    /** Labels handed to {@link #publish} so far; safe from any thread. */
    public long sent() {
        return sent.get();
    }

    /** Waits until every label sent so far is acknowledged; throws if one was lost. */
    public void flush() {
        producer.flush();
        rethrowFailure();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        rethrowFailure();
    }

    private void rethrowFailure() {
        Exception e = firstFailure.get();
        if (e != null) {
            throw new IllegalStateException(failed.get() + " label(s) could not be published to " + Topics.LABELS, e);
        }
    }
}
