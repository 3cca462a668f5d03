package io.dvstream.cli;

import io.dvstream.jobs.decisions.DecisionConfig;
import picocli.CommandLine.Option;

/**
 * The gesture decider's settings for offline streaming evaluation ({@code eval --stream},
 * {@code ablate}); unset options keep the job's defaults ({@link DecisionConfig#defaults()}), so the
 * figures are those of {@code job run} with the same settings.
 */
final class DecisionOptions {

    @Option(names = "--on-threshold", paramLabel = "P", description = "decision.on.threshold. Default: the job's.")
    Double on;

    @Option(names = "--off-threshold", paramLabel = "P", description = "decision.off.threshold. Default: the job's.")
    Double off;

    @Option(names = "--on-windows", paramLabel = "N", description = "decision.on.windows. Default: the job's.")
    Integer onWindows;

    @Option(names = "--off-windows", paramLabel = "N", description = "decision.off.windows. Default: the job's.")
    Integer offWindows;

    @Option(names = "--min-events", paramLabel = "N", description = "decision.min.events. Default: the job's.")
    Long minEvents;

    DecisionConfig config() {
        DecisionConfig d = DecisionConfig.defaults();
        return new DecisionConfig(on != null ? on : d.onThreshold(), off != null ? off : d.offThreshold(),
                onWindows != null ? onWindows : d.onWindows(), offWindows != null ? offWindows : d.offWindows(),
                minEvents != null ? minEvents : d.minEventsPerWindow(), d.idleClass());
    }
}
