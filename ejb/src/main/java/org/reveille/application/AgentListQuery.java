package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        String where = state == null ? "" : " where s.state = :state";
        var query = em.createQuery("select s from Subnet s" + where + " order by s.network, s.prefixLength", Subnet.class);
        var count = em.createQuery("select count(s) from Subnet s" + where, Long.class);
        if (state != null) {
            query.setParameter("state", state);
            count.setParameter("state", state);
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

    private static SubnetView view(Subnet subnet, List<Agent> agents) {
        Agent primary = agents.stream().filter(a -> a.role() == AgentRole.PRIMARY).findFirst().orElse(null);
        Agent alternate = agents.stream().filter(a -> a.role() == AgentRole.ALTERNATE).findFirst().orElse(null);
        return new SubnetView(subnet, primary, alternate, agents.size());
    }
}
