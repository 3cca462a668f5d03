/** A real single-node KRaft Kafka broker on this machine, for the demo and the tests. */
package io.dvstream.broker;
