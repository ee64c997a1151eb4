package org.reveille.application;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.logging.ReveilleLogger;

/**
 * docs/architecture.md#flow-recruiting-an-alternate: a subnet with a Primary but no Alternate gets, as its Alternate,
 * the first machine woken there once its agent answers. One recruitment per subnet at a time, in the background.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AlternateRecruiter {

    /** How long a woken machine has to boot and start its agent. */
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);

    private final Set<Long> recruiting = ConcurrentHashMap.newKeySet();

    @Inject
    private AgentFinder finder;

    @Asynchronous
    public void recruit(long subnetId, Cidr subnet, Ipv4Address woken, String machineName) {
        if (!recruiting.add(subnetId)) {
            return;
        }
        try {
            if (finder.recruitAlternate(subnetId, woken, machineName == null ? woken.toString() : machineName, BOOT_TIMEOUT)
                    .filter(role -> role == AgentRole.ALTERNATE).isPresent()) {
                ReveilleLogger.LOG.forcedAlternate(subnet.toString(), woken.toString());
            }
        } finally {
            recruiting.remove(subnetId);
        }
    }
}
