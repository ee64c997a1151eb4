package org.reveille.interfaces.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reveille.logging.ReveilleLogger;

/**
 * Mirrors the brute-force protection of WildFly's application realm, which locks an identity silently: after
 * {@code max-failed-attempts} (10) failed sign-ins in a row, within {@code session-timeout} (30 min) of each
 * other, the realm refuses that identity for {@code lockout-interval} (15 min), even with the right password,
 * and each further attempt renews the lock. The client cannot tell this from a wrong password, so the first time
 * an identity reaches the limit this logs REVEILLE00100 for the administrator. The limits are read from the same
 * system properties the realm reads (wildfly.elytron.realm.ApplicationRealm.brute-force.*); the count is this
 * server's own, so with several servers behind a load balancer each counts what it sees, as each realm does.
 */
final class SignInWatch {

    /**
     * The Elytron realm the application signs in against: ApplicationRealm, or the directory's realm that
     * wildfly-config/ldap-realm.cli names in {@code reveille.sign-in.realm} (Elytron locks identities of every realm
     * alike, with that realm's own brute-force properties; found by LdapSignInIT).
     */
    static final String REALM = System.getProperty("reveille.sign-in.realm", "ApplicationRealm");
    private static final int MAX_TRACKED = 25_000;

    private final int maxFailures;
    private final Duration sessionTimeout;
    private final Duration lockout;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    SignInWatch(int maxFailures, Duration sessionTimeout, Duration lockout) {
        this.maxFailures = maxFailures;
        this.sessionTimeout = sessionTimeout;
        this.lockout = lockout;
    }

    int maxFailures() {
        return maxFailures;
    }

    Duration lockout() {
        return lockout;
    }

    /** The realm's own limits: its system properties where set, else Elytron's defaults. */
    static SignInWatch ofRealm() {
        return new SignInWatch(realmSetting("max-failed-attempts", 10),
                Duration.ofMinutes(realmSetting("session-timeout", 30)),
                Duration.ofMinutes(realmSetting("lockout-interval", 15)));
    }

    private static int realmSetting(String name, int fallback) {
        try {
            int value = Integer.parseInt(System.getProperty("wildfly.elytron.realm." + REALM + ".brute-force." + name, ""));
            return value > 0 ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The user name of an {@code Authorization: Basic} header, if it carries a decodable one. */
    static Optional<String> basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 ? Optional.of(decoded.substring(0, colon)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A request with {@code user}'s credentials was refused (401).
     *
     * @return whether this failure is the one that locked the identity (logged once, as REVEILLE00100)
     */
    boolean failed(String user, String from, Instant now) {
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(f -> f.expired(now, sessionTimeout));
            if (failures.size() >= MAX_TRACKED && !failures.containsKey(user)) {
                return false; // a flood of names must not grow this map without bound (the realm caps its cache too)
            }
        }
        Failures after = failures.compute(user, (name, before) -> Failures.after(before, now, sessionTimeout, lockout, maxFailures));
        if (after.count() != maxFailures) {
            return false;
        }
        ReveilleLogger.LOG.identityLocked(printable(user), maxFailures, from, REALM, lockout.toMinutes());
        return true;
    }

    /** A user name as it may go into the log: no line breaks or other control characters, at most 100 characters. */
    static String printable(String user) {
        String clean = user.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() <= 100 ? clean : clean.substring(0, 100) + "...";
    }

    /** {@code user} signed in: the realm has forgotten its failures too. */
    void succeeded(String user) {
        failures.remove(user);
    }

    /** Failed sign-ins in a row; the lock, once reached, runs until {@code lockedUntil}. */
    private record Failures(int count, Instant last, Instant lockedUntil) {

        static Failures after(Failures before, Instant now, Duration sessionTimeout, Duration lockout, int max) {
            boolean fresh = before == null || before.expired(now, sessionTimeout);
            int count = fresh ? 1 : before.count() + 1;
            // from the limit on, every attempt (even a right password) renews the lock
            return new Failures(count, now, count >= max ? now.plus(lockout) : null);
        }

        boolean expired(Instant now, Duration sessionTimeout) {
            return lockedUntil == null ? last.plus(sessionTimeout).isBefore(now) : lockedUntil.isBefore(now);
        }
    }
}
