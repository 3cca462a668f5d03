package io.dvstream.deploy.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command of the official Flink image's {@code standalone-job} mode (an application cluster's
 * JobManager): {@code standalone-job --job-classname CLASS [--job-id ID] [--jars J,...] [--fromSavepoint P]
 * [--allowNonRestoredState] [JOB ARGUMENTS...]}.
 */
record StandaloneJobCommand(String jobClassName, List<String> jobArguments) {

    private static final Set<String> WITH_VALUE = Set.of("--job-classname", "-j", "--job-id", "-jid", "--jars",
            "--fromSavepoint", "-s", "-D");
    private static final Set<String> FLAGS = Set.of("--allowNonRestoredState", "-n");

    static StandaloneJobCommand parse(List<String> command) {
        if (command.isEmpty() || !command.get(0).equals("standalone-job")) {
            throw new IllegalArgumentException("not a standalone-job command: " + command);
        }
        String className = null;
        List<String> jobArgs = new ArrayList<>();
        for (int i = 1; i < command.size(); i++) {
            String a = command.get(i);
            if (!jobArgs.isEmpty() || !a.startsWith("-")) {
                jobArgs.add(a);
            } else if (WITH_VALUE.contains(a)) {
                if (i + 1 >= command.size()) {
                    throw new IllegalArgumentException(a + " needs a value: " + command);
                }
                String v = command.get(++i);
                if (a.equals("--job-classname") || a.equals("-j")) {
                    className = v;
                }
            } else if (!FLAGS.contains(a)) {
                throw new IllegalArgumentException("unknown standalone-job option " + a + ": " + command);
            }
        }
        if (className == null) {
            throw new IllegalArgumentException("standalone-job without --job-classname: " + command);
        }
        return new StandaloneJobCommand(className, List.copyOf(jobArgs));
    }
}
