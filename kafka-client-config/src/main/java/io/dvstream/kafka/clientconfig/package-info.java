/**
 * The Kafka client properties file that every dvstream command with Kafka clients takes as
 * {@code --kafka-config FILE}: {@link io.dvstream.kafka.clientconfig.KafkaClientConfig} loads and
 * validates it and lays it over the settings dvstream chooses for each producer, consumer and admin
 * client; {@link io.dvstream.kafka.clientconfig.SecretRedaction} keeps passwords and keys out of
 * logs; {@link io.dvstream.kafka.clientconfig.KafkaAccessCheck} connects once with it so that a
 * wrong password or an untrusted certificate fails at once with a clear message (docs/security.md).
 */
package io.dvstream.kafka.clientconfig;
