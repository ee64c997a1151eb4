package org.reveille.infrastructure.agent;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.reveille.application.port.AgentGateway;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.AgentStatus;
import org.reveille.protocol.Message;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.StatusRequest;
import org.reveille.protocol.Unregister;
import org.reveille.protocol.WakeBatch;

/**
 * The one place the server talks to agents' ports (docs/architecture.md, "Ports"): one short TCP exchange per
 * command, in the security mode of the agent listener, with the deadlines below.
 */
@ApplicationScoped
public class ProtocolAgentGateway implements AgentGateway {

    /** How long a connection to an agent may take (REGISTER: the ping timeout, see {@link #requestRegistration}). */
    static final Duration CONNECT = Duration.ofSeconds(3);
    /** How long an agent may take to answer, per command: a WAKE BATCH of 2,048 targets is paced by the agent. */
    static final Duration WAKE_ANSWER = Duration.ofSeconds(30);
    static final Duration REGISTER_ANSWER = Duration.ofSeconds(10);
    static final Duration STATUS_ANSWER = Duration.ofSeconds(5);
    static final Duration NOTICE_ANSWER = Duration.ofSeconds(5);

    @Inject
    private AgentListener listener;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    private ManagedExecutorService executor;

    @Override
    public void wake(Ipv4Address agent, int agentPort, WakeBatch batch) throws IOException {
        exchange(CONNECT, WAKE_ANSWER, agent, agentPort, batch);
    }

    @Override
    public void requestRegistration(Ipv4Address agent, int agentPort, Duration connectTimeout) throws IOException {
        exchange(connectTimeout, REGISTER_ANSWER, agent, agentPort, registerRequest());
    }

    @Override
    public AgentStatus status(Ipv4Address agent, int agentPort) throws IOException {
        Message reply = exchange(CONNECT, STATUS_ANSWER, agent, agentPort, new StatusRequest());
        if (reply instanceof AgentStatus status) {
            return status;
        }
        throw new IOException("unexpected answer " + reply.type());
    }

    @Override
    public void promote(Ipv4Address agent, int agentPort, String reason) {
        notice(agent, agentPort, new RoleChange(org.reveille.protocol.WireRole.PRIMARY, reason), "become Primary");
    }

    @Override
    public void unregister(Ipv4Address agent, int agentPort, String reason) {
        notice(agent, agentPort, new Unregister(reason), "unregister");
    }

    @Override
    public CompletableFuture<AgentRole> expectRegistration(Ipv4Address agent) {
        return listener.expectRegistration(agent);
    }

    @Override
    public void forget(Ipv4Address agent, CompletableFuture<AgentRole> expectation) {
        listener.forget(agent, expectation);
    }

    private void notice(Ipv4Address agent, int agentPort, Message message, String what) {
        executor.submit(() -> {
            try {
                exchange(CONNECT, NOTICE_ANSWER, agent, agentPort, message);
            } catch (IOException | RuntimeException e) {
                ReveilleLogger.LOG.agentNotified(agent.toString(), what, String.valueOf(e.getMessage()));
            }
        });
    }

    private Message exchange(Duration connect, Duration answer, Ipv4Address agent, int agentPort, Message message) throws IOException {
        return new ProtocolClient(listener.codecFor(agent), listener.clientTls(), connect, answer)
                .exchange(new InetSocketAddress(agent.toInetAddress(), agentPort), message);
    }

    /** Where the agent is to register: this server's advertised listener, or (empty, 0) the address it was asked from. */
    private static RegisterRequest registerRequest() {
        return new RegisterRequest(System.getProperty("reveille.agent-listener.advertised-host", ""),
                Integer.getInteger("reveille.agent-listener.advertised-port", 0));
    }
}
