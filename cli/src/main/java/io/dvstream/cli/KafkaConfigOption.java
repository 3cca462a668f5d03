package io.dvstream.cli;

import io.dvstream.kafka.clientconfig.KafkaAccessCheck;
import io.dvstream.kafka.clientconfig.KafkaAccessException;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.kafka.clientconfig.KafkaClientConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE} of every command with Kafka clients: a standard Kafka client properties
 * file (SASL, TLS, ...) applied to each producer, consumer and admin client of the command and to
 * the job's source and sinks (docs/security.md).
 */
final class KafkaConfigOption {

    /** What {@code ./dvstream broker} listens on, when neither --kafka nor the file names a broker. */
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    /** The text of each command's {@code --kafka}: the default depends on this option. */
    static final String KAFKA_DESCRIPTION = "Kafka bootstrap servers. Default: bootstrap.servers of --kafka-config, else "
            + DEFAULT_BOOTSTRAP + " (what ./dvstream broker starts).";

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A Kafka client properties file (security.protocol, sasl.*, ssl.*, ...; docs/security.md) for every "
                    + "Kafka client of this command. Its values override dvstream's, except bootstrap.servers, which --kafka "
                    + "overrides. With it, the command first checks that Kafka accepts these credentials.")
    Path file;

    /**
     * The loaded file, or {@link KafkaClientConfig#none()} without the option.
     *
     * @throws CommandLine.ParameterException naming the file and the bad setting
     */
    KafkaClientConfig load(CommandLine.Model.CommandSpec spec) {
        if (file == null) {
            return KafkaClientConfig.none();
        }
        try {
            return KafkaClientConfig.load(file);
        } catch (KafkaClientConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka-config: " + e.getMessage());
        }
    }

    /**
     * With a {@code --kafka-config}, connects once and prints why Kafka refused (authentication, TLS,
     * no answer) instead of letting producers and the job fail later and less clearly. Without one,
     * nothing is checked: the clients behave as they always did.
     *
     * @return false when Kafka refused or did not answer; the reason is on {@code err}
     */
    static boolean accessible(String bootstrap, KafkaClientConfig clients, PrintWriter err) {
        if (clients.isEmpty()) {
            return true;
        }
        try {
            KafkaAccessCheck.check(bootstrap, clients, KafkaAccessCheck.DEFAULT_TIMEOUT);
            return true;
        } catch (KafkaAccessException e) {
            err.println(e.getMessage());
            err.flush();
            return false;
        }
    }
}
