/** The ingest service: a live camera through a bounded queue into Kafka, with status line and metrics. */
package io.dvstream.ingest.service;
