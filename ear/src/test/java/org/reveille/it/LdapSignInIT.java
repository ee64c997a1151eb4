package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reveille.it.ServerTestSupport.Reply;

/**
 * Issue 14, item 6: directory sign-in for real. An LDAP directory runs in this JVM (UnboundID's in-memory server on
 * loopback); a Reveille server of the build's LDAP installation (apply.sh --ldap: wildfly-config/ldap-realm.cli) is
 * started against it. Users in the mapped groups get their role; a user in no mapped group, or in a group merely
 * called "admin", gets 403; a wrong password or an unknown user 401; with the directory down sign-in fails with 401
 * or 503 and a log line that says why, never 500; when it is back, sign-in works again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LdapSignInIT {

    private static final int LDAP_PORT = ItPorts.of(10389);
    /** Between DatabaseRestartIT's server (+600) and NodeFailoverIT's nodes (+800, +900). */
    private static final int PORT_OFFSET = ItPorts.OFFSET + 700;
    private static final String BASE_DN = "dc=reveille,dc=test";
    private static final String BIND_DN = "cn=svc-reveille," + BASE_DN;
    private static final String BIND_PASSWORD = "svc-secret-" + Long.toHexString(System.nanoTime());

    private static InMemoryDirectoryServer directory;
    private static SecondServer server;

    @BeforeAll
    static void startDirectoryAndServer() throws Exception {
        Assumptions.assumeFalse(ServerTestSupport.onPostgreSql(), "the directory's server keeps its own H2 database: it runs once, in the H2 execution");
        directory = startDirectory();
        Path target = Path.of(System.getProperty("reveille.ear")).getParent();
        server = SecondServer.start(Path.of(System.getProperty("reveille.ldap-server.home")), Path.of(System.getProperty("reveille.ear")),
                target.resolve("server-ldap"), "reveille-ldap", PORT_OFFSET, "127.0.0.4",
                "-Dreveille.ldap.url=ldap://127.0.0.1:" + LDAP_PORT
                        + " -Dreveille.ldap.bind-dn=" + BIND_DN
                        + " -Dreveille.ldap.bind-password=" + BIND_PASSWORD
                        + " -Dreveille.ldap.users-dn=ou=people," + BASE_DN
                        + " -Dreveille.ldap.groups-dn=ou=groups," + BASE_DN
                        + " -Dreveille.ldap.group-filter=(&(objectClass=groupOfNames)(member={1}))"
                        + " -Dreveille.ldap.timeout-ms=2000",
                Duration.ofSeconds(180));
    }

    private static InMemoryDirectoryServer startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
        config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName("127.0.0.1"), LDAP_PORT, null));
        config.setSchema(null);   // the entries below need no schema checks
        InMemoryDirectoryServer ds = new InMemoryDirectoryServer(config);
        ds.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: reveille");
        ds.add("dn: ou=people," + BASE_DN, "objectClass: organizationalUnit", "ou: people");
        ds.add("dn: ou=groups," + BASE_DN, "objectClass: organizationalUnit", "ou: groups");
        for (String user : List.of("alice", "olga", "ivan", "carol", "mallory")) {
            ds.add("dn: uid=" + user + ",ou=people," + BASE_DN, "objectClass: inetOrgPerson", "uid: " + user, "cn: " + user, "sn: " + user,
                    "userPassword: " + user + "-password");
        }
        group(ds, "reveille-admins", "alice");
        group(ds, "reveille-operators", "olga", "alice");
        group(ds, "reveille-inventory", "ivan");
        group(ds, "admin", "mallory");          // a group merely called "admin" gives nothing
        group(ds, "Domain Users", "carol", "alice", "olga", "ivan", "mallory");
        ds.startListening();
        return ds;
    }

    private static void group(InMemoryDirectoryServer ds, String name, String... members) throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of("dn: cn=" + name + ",ou=groups," + BASE_DN, "objectClass: groupOfNames", "cn: " + name));
        for (String member : members) {
            lines.add("member: uid=" + member + ",ou=people," + BASE_DN);
        }
        ds.add(lines.toArray(String[]::new));
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (server != null) {
                server.closeKeepingLog("LdapSignInIT");
            }
        } finally {
            if (directory != null) {
                directory.shutDown(true);
            }
        }
    }

    private static Reply get(String path, String user, String password) {
        return ServerTestSupport.getAt(server.base(), path, user == null ? null : new String[] {user, password});
    }

    private static List<String> roles(String user) {
        Reply me = get("/api/me", user, user + "-password");
        assertEquals(200, me.status(), user + ": " + me.body());
        return me.json().getJsonArray("roles").getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString)
                .sorted().collect(Collectors.toList());
    }

    @Test
    @Order(1)
    void usersInTheMappedGroupsGetTheirRoles() {
        assertEquals(List.of("admin", "operator"), roles("alice"), "each mapped group gives its role");
        assertEquals(List.of("operator"), roles("olga"));
        assertEquals(List.of("inventory"), roles("ivan"));
        assertEquals(200, get("/api/audit", "alice", "alice-password").status(), "an admin reads the audit trail");
        assertEquals(403, get("/api/audit", "olga", "olga-password").status());
        assertEquals(200, get("/api/settings", "olga", "olga-password").status());
    }
    // (test 2 locks olga for the realm's 15 minutes: the tests after it sign in as alice)

    @Test
    @Order(2)
    void aUserOutsideTheMappedGroupsIsForbiddenAndABadPasswordUnauthorized() throws java.io.IOException {
        Reply carol = get("/api/settings", "carol", "carol-password");
        assertEquals(403, carol.status(), "signed in, but no Reveille role: " + carol.body());
        assertTrue(carol.contentType().startsWith("application/problem+json"), carol.contentType());
        assertEquals(403, get("/api/settings", "mallory", "mallory-password").status(), "a group named admin is not the admin role");
        assertEquals(401, get("/api/me", "alice", "wrong").status());
        assertEquals(401, get("/api/me", "nobody", "nobody-password").status());
        assertEquals(401, get("/api/me", "alice", "").status(), "no blank password, even if the directory allowed an anonymous bind");
        assertEquals(401, get("/api/me", null, null).status());
        // the properties-file users are not asked: only the directory signs in
        assertEquals(401, get("/api/me", "admin", "reveille-admin").status());
        // Elytron's brute-force lock covers the directory's realm as the properties realm: ten failures lock the
        // identity, even with the right password, and Reveille's line names the realm in use
        for (int i = 0; i < 10; i++) {
            assertEquals(401, get("/api/me", "olga", "wrong").status());
        }
        assertEquals(401, get("/api/me", "olga", "olga-password").status(), "locked by the realm, as with the properties realm");
        assertTrue(Files.readString(server.serverLog()).contains("REVEILLE00100: Sign-in as 'olga' failed 10 times in a row (the last from 127.0.0.1): "
                + "if that user exists, the realm ReveilleLdapRealm"), "REVEILLE00100 names the directory's realm");
    }

    @Test
    @Order(3)
    void withTheDirectoryDownSignInFailsCleanlyAndRecoversWhenItIsBack() throws Exception {
        directory.shutDown(true);
        try {
            Instant before = Instant.now();
            Reply down = get("/api/me", "alice", "alice-password");
            assertTrue(down.status() == 401 || down.status() == 503, "never 500: " + down.status() + " " + down.body());
            assertTrue(down.contentType().startsWith("application/problem+json"), down.contentType());
            assertTrue(Duration.between(before, Instant.now()).toSeconds() < 15, "within the directory timeout");
            String log = Files.readString(server.serverLog());
            assertTrue(log.contains("REVEILLE00169"), "a log line says the directory could not be reached");
            assertEquals(200, ServerTestSupport.getAt(server.base(), "/health/live", null).status(), "the server itself is fine");
        } finally {
            directory = startDirectory();
        }
        Instant deadline = Instant.now().plusSeconds(30);
        Reply back = get("/api/me", "alice", "alice-password");
        while (back.status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            back = get("/api/me", "alice", "alice-password");
        }
        assertEquals(200, back.status(), "the directory is back: " + back.body());
        assertNotEquals(List.of(), roles("alice"));
    }
}
