package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.settings.Settings;
import org.reveille.domain.model.subnet.ServerDirect;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetPolicy;
import org.reveille.domain.model.wake.WakePaths;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.protocol.FrameCodec;

/**
 * What the wake dispatcher reads before it sends a batch, read outside its JMS transaction: a transaction that
 * holds only the delivery of the message commits in one phase, one that also read from the database needs the
 * two-phase commit (a prepare and a commit in the broker's journal per batch).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WakeDispatchPlanner {

    /**
     * A batch's subnet (null when it left the agent list), whether its job still exists and its SecureOn password,
     * the subnet's Primary and Alternate with the protocol version each registered with, the directed-broadcast
     * addresses of its paired subnets (docs/network.md, "Paired subnets"), whether the server sends its packets itself
     * ("Server-direct broadcast"), whether its link has IPv6 ("IPv6": the agent is asked for ff02::1 too), and the
     * settings in force.
     */
    public record Plan(Settings settings, Cidr subnet, boolean jobExists, String secureOnPassword,
                       Optional<Ipv4Address> primary, Optional<Ipv4Address> alternate, Map<Ipv4Address, Integer> protocolVersions,
                       List<Ipv4Address> pairedBroadcasts, ServerDirect serverDirect, boolean ipv6) {

        public Plan {
            protocolVersions = Map.copyOf(protocolVersions);
            pairedBroadcasts = List.copyOf(pairedBroadcasts);
        }

        /**
         * The paths of a hand-over to {@code agent}: its subnet's broadcast, the paired broadcasts when the agent
         * reads them (protocol version 3), and its IPv6 link's ff02::1 when the link has IPv6 and the agent reads the
         * request (version 4), else each recorded as not sent, with why.
         */
        public WakePaths pathsVia(Ipv4Address agent) {
            return WakePaths.handedOver(subnet, pairedBroadcasts, protocolVersions.getOrDefault(agent, 1), FrameCodec.VERSION_WAKE_PATHS,
                    ipv6, FrameCodec.VERSION_IPV6);
        }

        /** Primary first, then the Alternate. */
        public List<Ipv4Address> agents() {
            List<Ipv4Address> agents = new ArrayList<>(2);
            primary.ifPresent(agents::add);
            alternate.ifPresent(agents::add);
            return agents;
        }
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private SettingsService settings;

    @Inject
    private Ipv6Links ipv6Links;

    public Plan plan(long jobId, long subnetId) {
        Subnet subnet = em.find(Subnet.class, subnetId);
        WakeJob job = em.find(WakeJob.class, jobId);
        Optional<Ipv4Address> primary = Optional.empty();
        Optional<Ipv4Address> alternate = Optional.empty();
        Map<Ipv4Address, Integer> versions = new HashMap<>();
        List<Ipv4Address> paired = List.of();
        ServerDirect direct = ServerDirect.NEVER;
        boolean ipv6 = false;
        if (subnet != null) {
            ipv6 = ipv6Links.hasIpv6(subnet.cidr());
            for (Object[] row : em.createQuery("select a.proxyRole, a.address, a.protocolVersion from Agent a where a.subnet.id = :id"
                    + " and a.proxyRole is not null", Object[].class).setParameter("id", subnetId).getResultList()) {
                Ipv4Address address = (Ipv4Address) row[1];
                if (AgentRole.PRIMARY.name().equals(row[0])) {
                    primary = Optional.of(address);
                } else if (AgentRole.ALTERNATE.name().equals(row[0])) {
                    alternate = Optional.of(address);
                }
                versions.put(address, (Integer) row[2]);
            }
            Optional<SubnetPolicy> policy = SubnetPolicies.find(em, subnet.cidr(), LockModeType.NONE);
            if (policy.isPresent()) {
                // the directed-broadcast addresses of the paired subnets, in the order the administrator gave them
                paired = policy.get().pairing().broadcasts();
                direct = policy.get().serverDirect();
            }
        }
        return new Plan(settings.current(), subnet == null ? null : subnet.cidr(), job != null,
                job == null ? null : job.secureOnPassword(), primary, alternate, versions, paired, direct, ipv6);
    }
}
