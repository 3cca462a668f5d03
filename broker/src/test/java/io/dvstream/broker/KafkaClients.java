package io.dvstream.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test fixture: producers and consumers as the dvstream jobs configure them, plus bounded reads. */
public final class KafkaClients {

    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private KafkaClients() {
    }

    /** acks=all and idempotence, as the ingest publisher uses them. */
    public static KafkaProducer<String, String> idempotentProducer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** A transactional producer with Flink's exactly-once timeout (600000 ms), already initialised. */
    public static KafkaProducer<String, String> transactionalProducer(String bootstrap, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000);
        KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    public static RecordMetadata send(KafkaProducer<String, String> producer, String topic, String key, String value)
            throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /**
     * Reads one partition from {@code fromOffset} until a record matches {@code last}; returns all records
     * read, or fails after {@link #READ_TIMEOUT}. No consumer group: the read cannot disturb other tests.
     */
    public static List<ConsumerRecord<String, String>> readUntil(String bootstrap, String isolationLevel,
            TopicPartition partition, long fromOffset, Predicate<ConsumerRecord<String, String>> last) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, fromOffset);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(r);
                    if (last.test(r)) {
                        return read;
                    }
                }
            }
        }
        throw new AssertionError("no matching record in " + partition + " from offset " + fromOffset
                + " within " + READ_TIMEOUT + "; read " + read);
    }
}
