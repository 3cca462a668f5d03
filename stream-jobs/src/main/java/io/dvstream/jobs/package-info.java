/**
 * The Flink jobs of dvstream (see docs/ARCHITECTURE.md, "Streaming semantics"). {@link
 * io.dvstream.jobs.BinningJob} turns the event packets on Kafka into fixed-rate frames per camera;
 * {@link io.dvstream.jobs.GestureJob} goes on to gesture records (docs/gesture-job.md).
 * Sub-packages: {@code packets} (decoding and the packet's Flink type), {@code binning} (the keyed
 * binning operator, its state and frame types), {@code inference} (the classifier plug point and the
 * stateful inference operator), {@code decisions} (gesture start/end with hysteresis and the
 * records of {@code dvs.gestures}), {@code kafka} (record (de)serialization).
 */
package io.dvstream.jobs;
