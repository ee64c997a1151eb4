package org.reveille.domain.model.subnet;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/**
 * What an administrator decided for one subnet beyond its elected agents (docs/network.md): the unauthenticated
 * subnets paired with it, whether the server sends its packets itself ({@link ServerDirect}), and its dedicated
 * agents ({@link DedicatedAgents}). Keyed by network
 * and prefix, so that it outlives the subnet's removal from the agent list.
 */
@Entity
@Table(name = "subnet_policy")
public class SubnetPolicy {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "subnet_policy_seq")
    @SequenceGenerator(name = "subnet_policy_seq", sequenceName = "subnet_policy_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, updatable = false)
    private long network;

    @Column(name = "prefix_length", nullable = false, updatable = false)
    private int prefixLength;

    @ElementCollection(fetch = FetchType.EAGER)   // at most 8, read whenever the policy is
    @CollectionTable(name = "subnet_policy_pair", joinColumns = @JoinColumn(name = "policy_id"))
    @OrderColumn(name = "position")
    private List<PairedNetwork> paired = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(name = "server_direct", nullable = false, length = 16)
    private ServerDirect serverDirect = ServerDirect.NEVER;

    /** The dedicated agents (docs/network.md, "Dedicated agents"): none, one, or a first and a second. */
    @Column(name = "dedicated_first", length = 15)
    private Ipv4Address dedicatedFirst;

    @Column(name = "dedicated_second", length = 15)
    private Ipv4Address dedicatedSecond;

    @Column(name = "stand_in", nullable = false)
    private boolean standIn;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    @Column(name = "changed_by", nullable = false)
    private String changedBy;

    @Version
    private int version;

    protected SubnetPolicy() {
    }

    public SubnetPolicy(Cidr subnet, String user, Instant now) {
        this.network = subnet.networkAddress().toLong();
        this.prefixLength = subnet.prefixLength();
        this.changedBy = user;
        this.changedAt = now;
    }

    public Long id() {
        return id;
    }

    public Cidr subnet() {
        return Cidr.of(Ipv4Address.fromLong(network), prefixLength);
    }

    public SubnetPairing pairing() {
        return new SubnetPairing(subnet(), paired.stream().map(PairedNetwork::cidr).toList());
    }

    /** Replaces the paired subnets with {@code pairing}'s (which is for this subnet). */
    public void pair(SubnetPairing pairing, String user, Instant now) {
        if (!pairing.subnet().equals(subnet())) {
            throw new IllegalArgumentException("the pairing of " + pairing.subnet() + " is not for " + subnet());
        }
        paired.clear();
        pairing.paired().forEach(c -> paired.add(new PairedNetwork(c)));
        changedBy = user;
        changedAt = now;
    }

    public ServerDirect serverDirect() {
        return serverDirect;
    }

    /** Sets whether the server sends this subnet's packets itself. */
    public void serverDirect(ServerDirect mode, String user, Instant now) {
        serverDirect = java.util.Objects.requireNonNull(mode, "mode");
        changedBy = user;
        changedAt = now;
    }

    public DedicatedAgents dedicated() {
        List<Ipv4Address> agents = new ArrayList<>(2);
        if (dedicatedFirst != null) {
            agents.add(dedicatedFirst);
        }
        if (dedicatedSecond != null) {
            agents.add(dedicatedSecond);
        }
        return new DedicatedAgents(subnet(), agents, standIn);
    }

    /** Replaces the dedicated agents with {@code dedicated}'s (which is for this subnet). */
    public void dedicate(DedicatedAgents dedicated, String user, Instant now) {
        if (!dedicated.subnet().equals(subnet())) {
            throw new IllegalArgumentException("the dedicated agents of " + dedicated.subnet() + " are not for " + subnet());
        }
        List<Ipv4Address> agents = dedicated.agents();
        dedicatedFirst = agents.isEmpty() ? null : agents.get(0);
        dedicatedSecond = agents.size() < 2 ? null : agents.get(1);
        standIn = dedicated.standIn();
        changedBy = user;
        changedAt = now;
    }

    public Instant changedAt() {
        return changedAt;
    }

    public String changedBy() {
        return changedBy;
    }
}
