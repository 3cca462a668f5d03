package io.dvstream.jobs;

import io.dvstream.events.EventPacket;
import io.dvstream.jobs.binning.PerCameraBinningFunction;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.jobs.kafka.DeadLetterSchema;
import io.dvstream.jobs.kafka.EncodedPacketDeserializer;
import io.dvstream.jobs.kafka.FrameSummarySchema;
import io.dvstream.jobs.packets.DeadLetter;
import io.dvstream.jobs.packets.EncodedPacket;
import io.dvstream.jobs.packets.EventPacketTypeInfo;
import io.dvstream.jobs.packets.PacketDecodeFunction;
import io.dvstream.kafka.clientconfig.ClientRole;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The binning job: camera event packets from Kafka become fixed-rate frames per camera.
 *
 * <pre>
 * KafkaSource(input.topic)  records as they are (key = camera id)
 *   -&gt; decode                WireCodec; bad records -&gt; side output -&gt; deadletter.topic (JSON, exactly once)
 *   -&gt; keyBy(camera id)
 *   -&gt; per-camera-binning    {@link PerCameraBinningFunction}: keyed FrameBinner state, idle timers
 *   -&gt; frame summaries       JSON per frame -&gt; output.topic (exactly once)
 * </pre>
 * Offsets, binner state and open transactions are checkpointed together, so a restored job emits
 * the same frames as an undisturbed one. Kryo is off ({@code pipeline.generic-types: false}): every
 * type in the graph has explicit type information.
 *
 * <p>Use: {@code new BinningJob(config).execute(env)}; {@link #main} is the same with a properties file.
 */
public final class BinningJob {

    public static final String SOURCE_UID = "dvs-events-source";
    public static final String DECODE_UID = "decode-packets";
    public static final String FRAME_SINK_UID = "frame-summary-sink";
    public static final String DEAD_LETTER_SINK_UID = "dead-letter-sink";

    /** Argument of {@link #main} naming a Kafka client properties file (SASL, TLS; docs/security.md). */
    public static final String KAFKA_CONFIG_ARGUMENT = "kafka.config";

    private final BinningJobConfig config;
    private final KafkaClientConfig clients;

    public BinningJob(BinningJobConfig config) {
        this(config, KafkaClientConfig.none());
    }

    /** @param clients client settings (a {@code --kafka-config} file) for the source and the sinks, over the job's own */
    public BinningJob(BinningJobConfig config, KafkaClientConfig clients) {
        this.config = config;
        this.clients = clients;
    }

    /** The job's frames and dead letters, before they reach a sink. */
    public record Streams(DataStream<SparseFrame> frames, DataStream<DeadLetter> deadLetters) {
    }

    /** Builds and runs the job on {@code env} (blocks until a bounded job ends). */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(jobName());
    }

    /** Builds and submits the job on {@code env}, without waiting for it. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(jobName());
    }

    /** Configures {@code env} and adds the whole job to it: Kafka source, pipeline, Kafka sinks. */
    public void build(StreamExecutionEnvironment env) {
        configure(env);
        // Binning runs on the camera clock only: no event time, no watermarks.
        WatermarkStrategy<EncodedPacket> noWatermarks = WatermarkStrategy.noWatermarks();
        Streams streams = pipeline(env.fromSource(source(), noWatermarks, SOURCE_UID).uid(SOURCE_UID).name(SOURCE_UID));
        streams.frames().sinkTo(frameSink()).uid(FRAME_SINK_UID).name(FRAME_SINK_UID);
        streams.deadLetters().sinkTo(deadLetterSink()).uid(DEAD_LETTER_SINK_UID).name(DEAD_LETTER_SINK_UID);
    }

    private String jobName() {
        return "dvstream binning " + config.inputTopic() + " -> " + config.outputTopic();
    }

    /** Checkpointing, parallelism and no generic types, as the job needs them. */
    public void configure(StreamExecutionEnvironment env) {
        env.configure(flinkConfiguration());
        env.enableCheckpointing(config.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
    }

    /** Flink options every environment running this job gets; also for MiniClusters in tests. */
    public static Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    /** decode -&gt; keyBy(camera) -&gt; binning, from records of the events topic. */
    public Streams pipeline(DataStream<EncodedPacket> records) {
        SingleOutputStreamOperator<EventPacket> packets = records
                .process(new PacketDecodeFunction(), EventPacketTypeInfo.INSTANCE)
                .uid(DECODE_UID).name(DECODE_UID);
        DataStream<SparseFrame> frames = packets
                .keyBy(EventPacket::cameraId, Types.STRING)
                .process(new PerCameraBinningFunction(config.binning()), SparseFrame.TYPE)
                .uid(PerCameraBinningFunction.UID).name(PerCameraBinningFunction.UID);
        return new Streams(frames, packets.getSideOutput(PacketDecodeFunction.DEAD_LETTERS));
    }

    KafkaSource<EncodedPacket> source() {
        KafkaSourceBuilder<EncodedPacket> b = KafkaSource.<EncodedPacket>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.inputTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new EncodedPacketDeserializer());
        clients.overridesFor(ClientRole.CONSUMER).forEach(b::setProperty);
        if (config.bounded()) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    KafkaSink<SparseFrame> frameSink() {
        return KafkaSink.<SparseFrame>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(producerConfig())
                .setRecordSerializer(new FrameSummarySchema(config.outputTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-frames")
                .build();
    }

    KafkaSink<DeadLetter> deadLetterSink() {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(producerConfig())
                .setRecordSerializer(new DeadLetterSchema(config.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-deadletters")
                .build();
    }

    Properties producerConfig() {
        Properties p = new Properties();
        // Without it the producer asks for the client default (1 h), the broker refuses anything above
        // transaction.max.timeout.ms (15 min) and the job restart-loops (docs/stack.md).
        p.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(config.transactionTimeoutMs()));
        p.putAll(clients.overridesFor(ClientRole.PRODUCER));
        return p;
    }

    /**
     * Runs the job. Arguments: an optional properties file with the keys of {@link BinningJobConfig},
     * then {@code key=value} overrides, and optionally {@code kafka.config=FILE}: Kafka client settings
     * for source and sinks ({@link #clientConfig}).
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> values = arguments(args);
        KafkaClientConfig clients = clientConfig(values);
        BinningJobConfig config = BinningJobConfig.fromMap(values);
        new BinningJob(config, clients).execute(StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration()));
    }

    /**
     * Removes {@code kafka.config=FILE} from {@code values} and loads that file; when the values name no
     * bootstrap.servers, the file's are used. The file is read where main runs (the client, or the
     * JobManager for a jar submitted through the REST API), so it must be there.
     */
    static KafkaClientConfig clientConfig(Map<String, String> values) {
        String file = values.remove(KAFKA_CONFIG_ARGUMENT);
        if (file == null) {
            return KafkaClientConfig.none();
        }
        KafkaClientConfig clients = KafkaClientConfig.load(Path.of(file));
        clients.get("bootstrap.servers").ifPresent(b -> values.putIfAbsent("bootstrap.servers", b));
        return clients;
    }

    static Map<String, String> arguments(String[] args) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                values.put(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
            } else {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(Path.of(arg))) {
                    p.load(in);
                }
                p.stringPropertyNames().forEach(k -> values.putIfAbsent(k, p.getProperty(k).trim()));
            }
        }
        return values;
    }
}
