package org.reveille.protocol;

/** The peer answered with an ERROR frame: it refused the command, nothing was executed there. */
public final class RemoteErrorException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public RemoteErrorException(String peer, ErrorCode code, String message) {
        super(code, "peer " + peer + " refused: " + message);
    }
}
