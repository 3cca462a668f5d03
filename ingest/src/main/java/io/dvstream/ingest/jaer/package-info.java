/** jAER live network streams: the AEUnicast UDP receiver and sender, the TCP stream receiver. */
package io.dvstream.ingest.jaer;
