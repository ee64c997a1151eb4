package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The realm's brute-force lock is silent to the client (a locked identity gets the same 401 as a wrong password),
 * so the server logs REVEILLE00100 once when an identity reaches it. Each test signs in as a user of its own,
 * created for the run: a locked shared user would break every other test for 15 minutes.
 */
@ExtendWith(ArquillianExtension.class)
class SignInLockIT extends ServerTestSupport {

    private static final Path HOME = Path.of(System.getProperty("reveille.server.home"));

    @Test
    void tenWrongPasswordsLockTheIdentityAndTheLockIsLoggedOnce() throws Exception {
        String[] user = newUser();
        String[] wrong = {user[0], "not-" + user[1]};
        for (int i = 0; i < 10; i++) {
            assertEquals(401, get("/api/me", wrong).status());
        }
        // the realm's lock: the right password is refused now, like a wrong one
        Reply refused = get("/api/me", user);
        assertEquals(401, refused.status(), "the realm locks the identity after 10 failures: " + refused.body());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        get("/api/me", wrong);
        assertEquals(1, countInLog("REVEILLE00100: Sign-in as '" + user[0] + "' failed 10 times in a row"),
                "logged once, when the identity was locked");
    }

    @Test
    void aSuccessfulSignInStartsTheCountAgain() throws Exception {
        String[] user = newUser();
        String[] wrong = {user[0], "not-" + user[1]};
        for (int i = 0; i < 9; i++) {
            assertEquals(401, get("/api/me", wrong).status());
        }
        assertEquals(200, get("/api/me", user).status());
        for (int i = 0; i < 9; i++) {
            assertEquals(401, get("/api/me", wrong).status());
        }
        assertEquals(200, get("/api/me", user).status(), "9 + 9 failures with a success between them lock nothing");
        assertEquals(0, countInLog("Sign-in as '" + user[0] + "'"));
    }

    /** A user of the application realm with the inventory role, usable once the realm has read its file. */
    private static String[] newUser() throws IOException, InterruptedException {
        String name = "lock-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        Process addUser = new ProcessBuilder(HOME.resolve("bin/add-user.sh").toString(), "-a", "-s", "-u", name,
                "-p", password, "-g", "inventory").redirectErrorStream(true).start();
        String output = new String(addUser.getInputStream().readAllBytes());
        assertTrue(addUser.waitFor(60, TimeUnit.SECONDS) && addUser.exitValue() == 0, output);
        String[] user = {name, password};
        // the properties realm reads its files again when they change; wait until it knows the new user
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (get("/api/me", user).status() != 200) {
            assertTrue(Instant.now().isBefore(deadline), "the realm did not pick up the new user " + name);
            Thread.sleep(250);
        }
        return user;
    }

    private static long countInLog(String text) throws IOException {
        return Files.readAllLines(HOME.resolve("standalone/log/server.log")).stream().filter(l -> l.contains(text)).count();
    }
}
