package org.reveille.application.port;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.AgentStatus;
import org.reveille.protocol.WakeBatch;

/**
 * Every command the server sends to an agent (docs/protocol.md), with one owner and one timeout policy: the
 * application says what to send to which agent; how (connection, codec, deadlines) is the implementation's business.
 * {@code agentPort} is the agent port of the settings in force.
 */
public interface AgentGateway {

    /** WAKE BATCH: returns once the agent has acknowledged it; throws when it could not be reached or refused it. */
    void wake(Ipv4Address agent, int agentPort, WakeBatch batch) throws IOException;

    /**
     * REGISTER: asks the agent to register on this server's listener. {@code connectTimeout} is the ping timeout of the
     * settings: the machine has just answered a ping, so its agent is expected to accept as quickly.
     */
    void requestRegistration(Ipv4Address agent, int agentPort, java.time.Duration connectTimeout) throws IOException;

    /** STATUS: what the agent says of itself; throws when it did not answer, or answered something else. */
    AgentStatus status(Ipv4Address agent, int agentPort) throws IOException;

    /** ROLE CHANGE to Primary, best effort and in the background (a dead agent cannot hear it; that is logged). */
    void promote(Ipv4Address agent, int agentPort, String reason);

    /** UNREGISTER, best effort and in the background (a dead agent cannot hear it; that is logged). */
    void unregister(Ipv4Address agent, int agentPort, String reason);

    /**
     * Lets a caller wait for an agent's registration without polling the database: the returned future completes
     * when this server has registered an agent from that address. Call {@link #forget} when done.
     */
    CompletableFuture<AgentRole> expectRegistration(Ipv4Address agent);

    void forget(Ipv4Address agent, CompletableFuture<AgentRole> expectation);
}
