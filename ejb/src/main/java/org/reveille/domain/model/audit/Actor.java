package org.reveille.domain.model.audit;

import java.util.Objects;

/**
 * Who asked for a change, through which door and from where: what the audit trail records of a request
 * (docs/api.md, "Audit trail"). {@code address} is the client's IP address as the server saw it (a load balancer's
 * unless it forwards the client's), null where there is none (a JMS message, the server itself).
 */
public record Actor(String user, Channel channel, String address) {

    /** The door a request came through. */
    public enum Channel {
        /** The REST API (the console included: it calls the API). */
        REST,
        /** A JMS message on ReveilleBulkWakeRequests. */
        JMS,
        /** An agent's frame on the agent listener. */
        AGENT,
        /** The server on its own (a timer, the Agent State Manager). */
        SYSTEM,
        /** A firing of a wake schedule, on behalf of the user who created the schedule. */
        SCHEDULE
    }

    /** The longest user name and address kept (longer ones are cut, never refused: the audit must not stop a request). */
    public static final int MAX_USER = 128;
    public static final int MAX_ADDRESS = 64;

    /** The server acting on its own. */
    public static final Actor SYSTEM = new Actor("reveille", Channel.SYSTEM, null);

    public Actor {
        Objects.requireNonNull(channel, "channel");
        user = cut(user == null || user.isBlank() ? "anonymous" : user, MAX_USER);
        address = address == null || address.isBlank() ? null : cut(address, MAX_ADDRESS);
    }

    public static Actor rest(String user, String address) {
        return new Actor(user, Channel.REST, address);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    @Override
    public String toString() {
        return user + " (" + channel.name().toLowerCase() + (address == null ? "" : " from " + address) + ")";
    }
}
