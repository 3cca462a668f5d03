package io.dvstream.deploy.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code CreateTopics HOST:PORT PARTITIONS TOPIC...}: creates the topics that do not exist yet (replication 1).
 * cluster.sh runs it before a job is submitted, because the job's Kafka source only finds a topic
 * created later at its next partition discovery, minutes away. Existing topics are left as they are.
 */
public final class CreateTopics {

    private CreateTopics() {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        if (args.length < 3) {
            System.err.println("usage: CreateTopics HOST:PORT PARTITIONS TOPIC...");
            System.exit(2);
        }
        int partitions;
        try {
            partitions = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + args[1] + " for PARTITIONS: expected a positive integer", e);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Invalid value " + args[1] + " for PARTITIONS: must be >= 1");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                if (!existing.contains(args[i])) {
                    missing.add(new NewTopic(args[i], partitions, (short) 1));
                }
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            for (int i = 2; i < args.length; i++) {
                System.out.println(args[i] + (existing.contains(args[i]) ? " (existed)" : " (created, " + partitions + " partitions)"));
            }
        }
    }
}
