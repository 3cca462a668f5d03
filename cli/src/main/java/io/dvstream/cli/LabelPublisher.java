package io.dvstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvstream.events.wire.Topics;
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
 * Publishes the labels of a replay to {@link Topics#LABELS} as small JSON records keyed by camera:
 * <pre>{@code {"camera":"alex","class":3,"gesture":"left hand wave","startUs":74839238,"endUs":81768543,"pass":0}}</pre>
 * Idempotent producer with {@code acks=all}, like the events; a send that fails for good is
 * rethrown by {@link #flush()} and {@link #close()}.
 */
final class LabelPublisher implements AutoCloseable {

    private final Producer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private long sent;

    LabelPublisher(String bootstrapServers) {
        this(bootstrapServers, KafkaClientConfig.none());
    }

    LabelPublisher(String bootstrapServers, KafkaClientConfig clients) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(clients.producer(p));
    }

    /** The JSON record of one label. */
    String toJson(String cameraId, LabelFeed.Due due) {
        ObjectNode node = json.createObjectNode()
                .put("camera", cameraId)
                .put("class", due.label().gesture().number())
                .put("gesture", due.label().gesture().displayName())
                .put("startUs", due.startUs())
                .put("endUs", due.endUs())
                .put("pass", due.pass());
        return node.toString();
    }

    void publish(String cameraId, LabelFeed.Due due) {
        sent++;
        producer.send(new ProducerRecord<>(Topics.LABELS, cameraId, toJson(cameraId, due)), (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, error);
            }
        });
    }

    long sent() {
        return sent;
    }

    void flush() {
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
