package io.dvstream.jobs;

import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.jobs.decisions.DecisionFunction;
import io.dvstream.jobs.decisions.GestureDecider;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.inference.BatchedInferenceOperator;
import io.dvstream.jobs.inference.Ds2taClassifier;
import io.dvstream.jobs.inference.FramePooling;
import io.dvstream.jobs.inference.InferenceFunction;
import io.dvstream.jobs.inference.StandInClassifier;
import io.dvstream.jobs.inference.StepClassifier;
import io.dvstream.jobs.inference.WindowScores;
import io.dvstream.jobs.kafka.CommitCheckingKafkaSink;
import io.dvstream.jobs.kafka.GestureEventSchema;
import io.dvstream.jobs.packets.DeadLetter;
import io.dvstream.jobs.packets.EncodedPacket;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.model.StreamingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gesture job (docs/gesture-job.md): camera event packets from Kafka become gesture records on
 * {@code dvs.gestures}, exactly once.
 *
 * <pre>
 * KafkaSource(input.topic)
 *   -&gt; decode-packets        as {@link BinningJob} (bad records -&gt; deadletter.topic)
 *   -&gt; keyBy(camera id)
 *   -&gt; per-camera-binning    as {@link BinningJob}: frames on the camera clock
 *   -&gt; stateful-inference    {@link InferenceFunction}: classifier state per camera, windows of T steps
 *                            ({@link BatchedInferenceOperator} with inference.batch.max &gt; 1: cameras stepped together)
 *   -&gt; gesture-decisions     {@link DecisionFunction}: window scores, gesture start/end with hysteresis
 *   -&gt; gesture-sink          JSON -&gt; output.topic (KafkaSink, EXACTLY_ONCE)
 * </pre>
 * Binning, inference and decisions are keyed by camera and chained in one task (the frames and
 * windows stay partitioned by camera, so no shuffle between them). Offsets, binner, classifier and
 * decision state are checkpointed together; the sink commits on checkpoints.
 */
public final class GestureJob {

    private static final Logger LOG = LoggerFactory.getLogger(GestureJob.class);

    public static final String GESTURE_SINK_UID = "gesture-sink";

    private final GestureJobConfig config;
    private final StepClassifier<?> classifier;
    private final BinningJob binning;

    /**
     * @throws IllegalArgumentException when the configured frame size is not an integer multiple of
     *     the classifier's input, or a decision setting does not fit the classifier's classes
     */
    public GestureJob(GestureJobConfig config, StepClassifier<?> classifier) {
        this(config, classifier, KafkaClientConfig.none());
    }

    /**
     * @param clients client settings (a {@code --kafka-config} file: SASL, TLS) for the source and all sinks
     * @throws IllegalArgumentException as {@link #GestureJob(GestureJobConfig, StepClassifier)}
     */
    public GestureJob(GestureJobConfig config, StepClassifier<?> classifier, KafkaClientConfig clients) {
        this.config = config;
        this.classifier = classifier;
        this.binning = new BinningJob(config.job(), clients);
        var b = config.job().binning();
        if (!FramePooling.fits(b.frameWidth(), b.frameHeight(), classifier.inputWidth(), classifier.inputHeight())) {
            throw new IllegalArgumentException("Invalid value " + b.frameWidth() + "x" + b.frameHeight()
                    + " for configuration frame.width/frame.height: must be an integer multiple of the classifier's input "
                    + classifier.inputWidth() + "x" + classifier.inputHeight() + " (" + classifier.modelId() + ")");
        }
        decider(); // validates decision.idle.class against the classes
    }

    /** The job's stages before the sinks. */
    public record Streams(DataStream<SparseFrame> frames, DataStream<WindowScores> windows, DataStream<GestureEvent> gestures,
                          DataStream<DeadLetter> deadLetters) {
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(jobName());
    }

    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(jobName());
    }

    /** Configures {@code env} (checkpointing, parallelism, no generic types) and adds source, pipeline and sinks. */
    public void build(StreamExecutionEnvironment env) {
        build(env, UnaryOperator.identity());
    }

    /** As {@link #build(StreamExecutionEnvironment)}, with {@code beforeSink} between decisions and sink (tests inject failures there). */
    void build(StreamExecutionEnvironment env, UnaryOperator<DataStream<GestureEvent>> beforeSink) {
        binning.configure(env);
        if (classifier instanceof StandInClassifier) {
            LOG.warn("STAND-IN CLASSIFIER {}: not a trained model, its gestures mean nothing", classifier.modelId());
        }
        WatermarkStrategy<EncodedPacket> noWatermarks = WatermarkStrategy.noWatermarks();
        Streams streams = pipeline(env.fromSource(binning.source(), noWatermarks, BinningJob.SOURCE_UID)
                .uid(BinningJob.SOURCE_UID).name(BinningJob.SOURCE_UID));
        // Both exactly-once sinks report transactions the broker refused to commit (lost records)
        // instead of letting the connector drop them with a log line (CommitCheckingKafkaSink).
        long timeoutMs = config.job().transactionTimeoutMs();
        beforeSink.apply(streams.gestures())
                .sinkTo(new CommitCheckingKafkaSink<>(gestureSink(), GESTURE_SINK_UID, timeoutMs))
                .uid(GESTURE_SINK_UID).name(GESTURE_SINK_UID);
        streams.deadLetters()
                .sinkTo(new CommitCheckingKafkaSink<>(binning.deadLetterSink(), BinningJob.DEAD_LETTER_SINK_UID, timeoutMs))
                .uid(BinningJob.DEAD_LETTER_SINK_UID).name(BinningJob.DEAD_LETTER_SINK_UID);
    }

    /** decode -&gt; binning -&gt; inference -&gt; decisions, from records of the events topic. */
    public Streams pipeline(DataStream<EncodedPacket> records) {
        BinningJob.Streams binned = binning.pipeline(records);
        KeySelector<SparseFrame, String> frameCamera = f -> f.cameraId;
        KeyedStream<SparseFrame, String> byCamera = DataStreamUtils.reinterpretAsKeyedStream(binned.frames(), frameCamera,
                Types.STRING);
        // Either operator under the same uid and state: a savepoint moves between batching on and off.
        DataStream<WindowScores> windows = (config.batching().enabled()
                ? byCamera.transform(InferenceFunction.UID, WindowScores.TYPE,
                        new BatchedInferenceOperator<>(classifier, config.inference(), config.batching(), stateTtlMs()))
                : byCamera.process(new InferenceFunction<>(classifier, config.inference(), stateTtlMs()), WindowScores.TYPE))
                .uid(InferenceFunction.UID).name(InferenceFunction.UID);
        KeySelector<WindowScores, String> windowCamera = w -> w.cameraId;
        DataStream<GestureEvent> gestures = DataStreamUtils.reinterpretAsKeyedStream(windows, windowCamera, Types.STRING)
                .process(new DecisionFunction(decider(), stateTtlMs()), GestureEvent.TYPE)
                .uid(DecisionFunction.UID).name(DecisionFunction.UID);
        return new Streams(binned.frames(), windows, gestures, binned.deadLetters());
    }

    /** Inference and decision state expire when the binning operator drops the camera (0: never). */
    private long stateTtlMs() {
        var b = config.job().binning();
        return b.expiryMs() == 0 ? 0 : b.idleTimeoutMs() + b.expiryMs();
    }

    private GestureDecider decider() {
        return new GestureDecider(config.decisions(), classifier.classNames(), classifier.modelId());
    }

    private String jobName() {
        return "dvstream gestures " + config.job().inputTopic() + " -> " + config.gesturesTopic() + " (" + classifier.modelId() + ")";
    }

    KafkaSink<GestureEvent> gestureSink() {
        return KafkaSink.<GestureEvent>builder()
                .setBootstrapServers(config.job().bootstrapServers())
                .setKafkaProducerConfig(binning.producerConfig())
                .setRecordSerializer(new GestureEventSchema(config.gesturesTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.job().transactionalIdPrefix() + "-gestures")
                .build();
    }

    /**
     * Runs the job (the entry point of a jar submitted to a cluster). Arguments: an optional
     * properties file with the keys of {@link GestureJobConfig}, then {@code key=value}s, and
     * optionally {@code model=W.safetensors} or {@code model=random:PRESET[:SEED]}: DS2TA weights,
     * read here on the client and shipped inside the job graph ({@link Ds2taClassifier}). Without
     * {@code model} the stand-in runs (not a model; logged as such). {@code kafka.config=FILE}: Kafka
     * client settings for source and sinks, as for {@link BinningJob#main}.
     */
    public static void main(String[] args) throws Exception {
        fromArguments(args).execute(StreamExecutionEnvironment.getExecutionEnvironment(BinningJob.flinkConfiguration()));
    }

    /**
     * The job {@link #main} runs for these arguments: parsed, the model loaded and everything validated,
     * nothing started. The deploy manifests' tests call it on the arguments they pass.
     */
    public static GestureJob fromArguments(String... args) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(BinningJob.arguments(args));
        StepClassifier<?> classifier = classifier(values.remove("model"));
        KafkaClientConfig clients = BinningJob.clientConfig(values);
        return new GestureJob(GestureJobConfig.fromMap(values), classifier, clients);
    }

    public GestureJobConfig config() {
        return config;
    }

    public StepClassifier<?> classifier() {
        return classifier;
    }

    /** The classifier a {@code model} argument names; null: the stand-in. */
    static StepClassifier<?> classifier(String model) throws IOException {
        if (model == null || model.isBlank()) {
            return StandInClassifier.of(1, StreamingConfig.DVS128_GESTURE_CLASSES);
        }
        if (model.startsWith("random:")) {
            String[] parts = model.split(":", -1);
            try {
                return Ds2taClassifier.random(parts[1], parts.length > 2 ? Long.parseLong(parts[2]) : 1);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("Invalid value " + model + " for configuration model: expected "
                        + "W.safetensors or random:PRESET[:SEED]", e);
            }
        }
        return Ds2taClassifier.load(Path.of(model));
    }
}
