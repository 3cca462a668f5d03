/** Causal fixed-rate binning of event packets into count frames at the model's input resolution. */
package io.dvstream.events.binning;
