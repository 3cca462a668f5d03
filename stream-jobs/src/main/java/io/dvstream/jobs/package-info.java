/**
 * The Flink jobs of dvstream (see docs/ARCHITECTURE.md, "Streaming semantics"). {@link
 * io.dvstream.jobs.BinningJob} turns the event packets on Kafka into fixed-rate frames per camera.
 * Sub-packages: {@code packets} (decoding and the packet's Flink type), {@code binning} (the keyed
 * binning operator, its state and frame types), {@code kafka} (record (de)serialization).
 */
package io.dvstream.jobs;
