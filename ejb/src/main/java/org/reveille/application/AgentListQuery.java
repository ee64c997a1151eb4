package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.subnet.Subnet;
import org.reveille.domain.model.subnet.SubnetState;

/** Read side of the agent list: subnets with their Primary and Alternate, and the registered agents. */
@Stateless
public class AgentListQuery {

    /** A subnet of the agent list with its two proxies (either may be absent). */
    public record SubnetView(Subnet subnet, Agent primary, Agent alternate, long agents) {
    }

    @PersistenceContext
    private EntityManager em;

    public Page<SubnetView> subnets(SubnetState state, int offset, int limit) {
        return subnets(state, null, offset, limit);
    }

    /**
     * The agent list, optionally narrowed by {@code text}: subnets whose network lies in a whole-octet address
     * prefix ({@code 10.20} = 10.20.0.0-10.20.255.255, {@code 10.20.5.0/24} exactly), or with a registered agent
     * whose machine name contains the text (case-insensitive).
     */
    public Page<SubnetView> subnets(SubnetState state, String text, int offset, int limit) {
        List<String> conditions = new ArrayList<>();
        if (state != null) {
            conditions.add("s.state = :state");
        }
        String search = text == null || text.isBlank() ? null : text.strip();
        AddressPrefix prefix = search == null ? null : AddressPrefix.parse(search);
        if (search != null) {
            String byName = "exists (select a.id from Agent a where a.subnet = s and lower(a.machineName) like :name escape '!')";
            conditions.add(prefix == null ? byName
                    : "((s.network between :low and :high" + (prefix.length() < 0 ? "" : " and s.prefixLength = :length") + ") or " + byName + ")");
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        var query = em.createQuery("select s from Subnet s" + where + " order by s.network, s.prefixLength", Subnet.class);
        var count = em.createQuery("select count(s) from Subnet s" + where, Long.class);
        for (var q : List.of(query, count)) {
            if (state != null) {
                q.setParameter("state", state);
            }
            if (search != null) {
                q.setParameter("name", "%" + search.toLowerCase(Locale.ROOT).replaceAll("[!%_]", "!$0") + "%");
            }
            if (prefix != null) {
                q.setParameter("low", prefix.low()).setParameter("high", prefix.high());
                if (prefix.length() >= 0) {
                    q.setParameter("length", prefix.length());
                }
            }
        }
        List<Subnet> subnets = query.setFirstResult(offset).setMaxResults(limit).getResultList();
        Map<Long, List<Agent>> agents = subnets.isEmpty() ? Map.of()
                : em.createQuery("select a from Agent a where a.subnet in :subnets", Agent.class)
                        .setParameter("subnets", subnets).getResultStream()
                        .collect(Collectors.groupingBy(a -> a.subnet().id()));
        List<SubnetView> views = subnets.stream().map(s -> view(s, agents.getOrDefault(s.id(), List.of()))).toList();
        return new Page<>(views, count.getSingleResult(), offset, limit);
    }

    public Optional<SubnetView> subnet(long id) {
        Subnet subnet = em.find(Subnet.class, id);
        if (subnet == null) {
            return Optional.empty();
        }
        return Optional.of(view(subnet, em.createQuery("select a from Agent a where a.subnet = :s", Agent.class)
                .setParameter("s", subnet).getResultList()));
    }

    public Page<Agent> agents(AgentRole role, int offset, int limit) {
        String where = switch (role == null ? "" : role.name()) {
            case "" -> "";
            case "MEMBER" -> " where a.proxyRole is null";
            default -> " where a.proxyRole = '" + role.name() + "'";
        };
        List<Agent> items = em.createQuery("select a from Agent a join fetch a.subnet" + where + " order by a.subnet.network, a.address", Agent.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
        long total = em.createQuery("select count(a) from Agent a" + where, Long.class).getSingleResult();
        return new Page<>(items, total, offset, limit);
    }

    /** Whole leading octets of an address, optionally a complete network with its prefix length (else -1). */
    record AddressPrefix(long low, long high, int length) {
        private static final Pattern FORM =
                Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){0,3})\\.?(?:/(\\d{1,2}))?");

        static AddressPrefix parse(String text) {
            var m = FORM.matcher(text);
            if (!m.matches()) {
                return null;
            }
            String[] octets = m.group(1).split("\\.");
            if (m.group(2) != null && octets.length != 4) {
                return null;
            }
            long low = 0;
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value > 255) {
                    return null;
                }
                low = low << 8 | value;
            }
            int free = 8 * (4 - octets.length);
            low <<= free;
            int length = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
            return length > 32 ? null : new AddressPrefix(low, low + (1L << free) - 1, length);
        }
    }

    private static SubnetView view(Subnet subnet, List<Agent> agents) {
        Agent primary = agents.stream().filter(a -> a.role() == AgentRole.PRIMARY).findFirst().orElse(null);
        Agent alternate = agents.stream().filter(a -> a.role() == AgentRole.ALTERNATE).findFirst().orElse(null);
        return new SubnetView(subnet, primary, alternate, agents.size());
    }
}
