package io.dvstream.ingest.sim;

/** Receives the labels of a {@link SimulatedCamera}, in time order with its packets. */
@FunctionalInterface
public interface LabelSink {

    /** Drops every label. */
    LabelSink NONE = label -> { };

    void accept(CameraLabel label) throws Exception;
}
