/** The contract of cameras that push events as they happen (network streams, USB devices). */
package io.dvstream.ingest.live;
