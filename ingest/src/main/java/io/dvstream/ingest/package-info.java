/** Sources of event packets: recordings, live cameras, the simulator, and the Kafka publisher. */
package io.dvstream.ingest;
