package org.reveille.infrastructure.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.reveille.application.port.ClusterView;
import org.reveille.logging.ReveilleLogger;
import org.wildfly.clustering.server.Group;
import org.wildfly.clustering.server.GroupMember;
import org.wildfly.clustering.server.GroupMembership;
import org.wildfly.clustering.server.GroupMembershipListener;
import org.wildfly.clustering.server.Registration;

/**
 * WildFly's group of the default JGroups channel ({@value #GROUP}): with the HA configuration
 * (wildfly-config/reveille-ha.cli) the members found through JDBC_PING, otherwise this server alone. Looked up at
 * deployment, which also starts the channel, so that a node joins its cluster when Reveille starts; each change of
 * the view is logged (REVEILLE00161). Without a group (a configuration with no clustering at all) this server alone.
 * After the schema migration, so that its log line follows the schema's (the channel itself may start earlier, when
 * WildFly's HA profile needs it for the deployment: FlywayMigrations says what that means for a fresh database).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class WildFlyClusterView implements ClusterView {

    /** WildFly's alias of the group of its default channel, or of a local group when there is no JGroups subsystem. */
    static final String GROUP = "java:jboss/clustering/server/group/default";

    private volatile Group<GroupMember> group;
    private Registration registration;

    @PostConstruct
    @SuppressWarnings("unchecked")
    void join() {
        try {
            group = (Group<GroupMember>) new InitialContext().lookup(GROUP);
        } catch (NamingException | RuntimeException e) {
            ReveilleLogger.LOG.notClustered(node(), GROUP, String.valueOf(e));
            return;
        }
        Membership now = membership();
        ReveilleLogger.LOG.clusterView(now.node(), now.clustered(), now.members().size(), now.members(), now.coordinator());
        if (!group.isSingleton()) {
            registration = group.register(new GroupMembershipListener<>() {
                @Override
                public void updated(org.wildfly.clustering.server.GroupMembershipEvent<GroupMember> event) {
                    Membership changed = of(group, event.getCurrentMembership());
                    ReveilleLogger.LOG.clusterView(changed.node(), true, changed.members().size(), changed.members(), changed.coordinator());
                }
            });
        }
    }

    @PreDestroy
    void leave() {
        if (registration != null) {
            registration.close();
        }
    }

    @Override
    public Membership membership() {
        Group<GroupMember> current = group;
        return current == null ? new Membership(node(), false, node(), List.of(node())) : of(current, current.getMembership());
    }

    private static Membership of(Group<GroupMember> group, GroupMembership<GroupMember> membership) {
        GroupMember coordinator = membership.getCoordinator();
        return new Membership(group.getLocalMember().getName(), !group.isSingleton(), coordinator == null ? null : coordinator.getName(),
                membership.getMembers().stream().map(GroupMember::getName).toList());
    }

    private static String node() {
        return org.reveille.application.ServerNode.name();
    }
}
