package org.reveille.protocol;

import java.io.IOException;

/**
 * A frame or an exchange was refused for a protocol reason. The connection it came on must be closed; nothing
 * in the frame has been executed.
 */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String detail) {
        super(code + ": " + detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
