/** DVS128 over USB without jAER: the transport interface, vendor requests, biases and the event parser. */
package io.dvstream.ingest.usb;
