package io.dvstream.model.weights;

import java.io.IOException;

/**
 * A safetensors file that is not well formed, or that does not follow the DS2TA weight-file
 * contract (docs/ds2ta-spec.md section 6). The message names the file and the tensor, header field
 * or configuration key at fault.
 */
public final class MalformedWeightFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;

    public MalformedWeightFileException(String source, String message) {
        super(source + ": " + message);
        this.source = source;
    }

    public MalformedWeightFileException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
    }

    /** The file (or other source) the problem was found in. */
    public String source() {
        return source;
    }
}
