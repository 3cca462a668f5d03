package io.dvstream.jobs;

import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/** A harness environment whose operator metrics can be read back: {@link #counter(String)}. */
public final class OperatorMetrics {

    private final InterceptingOperatorMetricGroup operator = new InterceptingOperatorMetricGroup();
    private final MockEnvironment environment = new MockEnvironmentBuilder()
            .setMetricGroup(new InterceptingTaskMetricGroup() {
                @Override
                public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> attributes) {
                    return operator;
                }
            })
            .build();

    public MockEnvironment environment() {
        return environment;
    }

    /** The count of an operator-level counter. */
    public long counter(String name) {
        return ((Counter) operator.get(name)).getCount();
    }
}
