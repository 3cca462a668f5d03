/**
 * The Flink job (see docs/ARCHITECTURE.md). Not implemented yet: the Flink job issue delivers it.
 * This package exists so the reactor has the module layout of ARCHITECTURE.md from the start.
 */
package io.dvstream.jobs;
