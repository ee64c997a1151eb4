package org.reveille.domain.model.agent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * A registered agent. Its proxy role is stored as PRIMARY, ALTERNATE or NULL (member): a unique key on
 * (subnet, proxy role) lets the database itself guarantee one Primary and one Alternate per subnet.
 */
@Entity
@Table(name = "agent")
public class Agent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "agent_seq")
    @SequenceGenerator(name = "agent_seq", sequenceName = "agent_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "subnet_id", nullable = false)
    private Subnet subnet;

    @Column(name = "machine_name", nullable = false)
    private String machineName;

    @Column(nullable = false, length = 15)
    private Ipv4Address address;

    @Column(length = 17)
    private MacAddress mac;

    @Column(name = "proxy_role", length = 16)
    private String proxyRole;

    @Column(name = "protocol_version", nullable = false)
    private int protocolVersion;

    @Column(nullable = false)
    private boolean secure;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Version
    private int version;

    protected Agent() {
    }

    public Agent(Subnet subnet, String machineName, Ipv4Address address, MacAddress mac, AgentRole role,
                 int protocolVersion, boolean secure, Instant now) {
        this.subnet = subnet;
        this.machineName = machineName;
        this.address = address;
        this.mac = mac;
        this.protocolVersion = protocolVersion;
        this.secure = secure;
        this.registeredAt = now;
        this.lastSeenAt = now;
        changeRole(role);
    }

    public AgentRole role() {
        return proxyRole == null ? AgentRole.MEMBER : AgentRole.valueOf(proxyRole);
    }

    public void changeRole(AgentRole role) {
        this.proxyRole = role == AgentRole.MEMBER ? null : role.name();
    }

    /** The agent registered again: keep its identity, refresh what it says about itself. */
    public void reregistered(String machineName, MacAddress mac, int protocolVersion, boolean secure, Instant now) {
        this.machineName = machineName;
        this.mac = mac;
        this.protocolVersion = protocolVersion;
        this.secure = secure;
        this.lastSeenAt = now;
    }

    public void seen(Instant now) {
        lastSeenAt = now;
    }

    public Long id() { return id; }
    public Subnet subnet() { return subnet; }
    public String machineName() { return machineName; }
    public Ipv4Address address() { return address; }
    public MacAddress mac() { return mac; }
    public int protocolVersion() { return protocolVersion; }
    public boolean secure() { return secure; }
    public Instant registeredAt() { return registeredAt; }
    public Instant lastSeenAt() { return lastSeenAt; }
}
