package io.dvstream.jobs.inference;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics both inference operators report under the same names (docs/gesture-job.md,
 * "Metrics"), so a dashboard reads the same series with micro-batching on or off.
 */
final class InferenceMetrics {

    final Counter framesIn;
    final Counter steps;
    final Counter windowsOut;
    final Counter streamResets;
    /** Classifier time per frame, microseconds (in reset mode a frame costs several steps). */
    final Histogram inferenceUs;

    InferenceMetrics(MetricGroup group) {
        framesIn = group.counter("framesIn");
        steps = group.counter("steps");
        windowsOut = group.counter("windowsOut");
        streamResets = group.counter("streamResets");
        group.meter("stepsPerSecond", new MeterView(steps));
        inferenceUs = group.histogram("inferenceUs", new DescriptiveStatisticsHistogram(10_000));
    }
}
