package org.reveille.protocol;

import java.net.InetSocketAddress;

/**
 * What a {@link FrameServer} does with each accepted message. Runs on a worker thread; may block briefly.
 * Returning null sends no reply. Throwing {@link ProtocolException} sends an ERROR with its code; any other
 * exception sends ERROR INTERNAL. Either way the connection is then closed.
 */
@FunctionalInterface
public interface MessageHandler {

    Message handle(Frame frame, InetSocketAddress peer) throws Exception;
}
