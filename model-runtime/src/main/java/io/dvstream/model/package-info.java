/**
 * DS2TA on ND4J (see docs/ds2ta-spec.md). Not implemented yet: the runtime issue delivers it.
 * This package exists so the reactor has the module layout of ARCHITECTURE.md from the start.
 */
package io.dvstream.model;
