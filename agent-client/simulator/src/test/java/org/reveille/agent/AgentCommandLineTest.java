package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.WireRole;
import org.reveille.sim.MagicPacketRecorder;
import org.reveille.protocol.ListenerRuntime;
import org.reveille.wol.SecureOnPassword;

class AgentCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void helpWinsOverEverythingElse() throws Exception {
        assertInstanceOf(AgentCommand.Help.class, AgentCommandLine.parse("--help"));
        assertInstanceOf(AgentCommand.Help.class, AgentCommandLine.parse("wake", "-h"));
    }

    @Test
    void parsesTheWakeCommand() throws Exception {
        AgentCommand.Wake wake = (AgentCommand.Wake) AgentCommandLine.parse("wake", "00-1A-2B-3C-4D-5E", "--broadcast",
                "127.37.0.255", "--port", "40009", "--password", "1.2.3.4", "--repeat", "3", "--from", "127.37.0.10");
        assertEquals(MacAddress.parse("00:1a:2b:3c:4d:5e"), wake.mac());
        assertEquals(Ipv4Address.parse("127.37.0.255"), wake.broadcast());
        assertEquals(40009, wake.port());
        assertEquals(3, wake.repeat());
        assertEquals(SecureOnPassword.parse("1.2.3.4"), wake.password());
        assertEquals(Ipv4Address.parse("127.37.0.10"), wake.from());
        AgentCommand.Wake defaults = (AgentCommand.Wake) AgentCommandLine.parse("wake", "001a2b3c4d5e");
        assertEquals(Ipv4Address.parse("255.255.255.255"), defaults.broadcast());
        assertEquals(9, defaults.port());
        assertEquals(1, defaults.repeat());
        assertNull(defaults.password());
    }

    @Test
    void parsesTheRunCommand() throws Exception {
        AgentCommand.Run run = (AgentCommand.Run) AgentCommandLine.parse("--server", "reveille.example:41777",
                "--listen", "127.37.1.10:41776", "--name", "PC-1", "--mask", "255.255.0.0", "--mac", "02:00:00:00:00:01",
                "--state-dir", dir.toString(), "--heartbeat", "5", "--wol-port", "40009", "--probe-port", "41000");
        AgentConfig config = run.config();
        assertEquals("PC-1", config.name());
        assertEquals(Ipv4Address.parse("127.37.1.10"), config.address());
        assertEquals(41776, config.listenPort);
        assertEquals("127.37.0.0/16", config.subnet().toString());
        assertEquals(Ipv4Address.parse("127.37.255.255"), config.broadcast);
        assertEquals(List.of(java.net.InetSocketAddress.createUnresolved("reveille.example", 41777)), config.servers);
        assertEquals(40009, config.wolPort);
        assertEquals(41000, config.probePort);
        config.roleMemory.save(WireRole.ALTERNATE);
        assertEquals("ALTERNATE", Files.readString(dir.resolve("role")).strip());
        AgentCommand.Run defaults = (AgentCommand.Run) AgentCommandLine.parse("run", "--server", "127.0.0.1",
                "--listen", "127.37.1.11");
        assertEquals(1777, defaults.config().servers.get(0).getPort());
        AgentCommand.Run cluster = (AgentCommand.Run) AgentCommandLine.parse("--server", "node-a.example,node-b.example:41777",
                "--listen", "127.37.1.12");
        assertEquals(List.of(java.net.InetSocketAddress.createUnresolved("node-a.example", 1777),
                java.net.InetSocketAddress.createUnresolved("node-b.example", 41777)), cluster.config().servers);
        assertEquals(1776, defaults.config().listenPort);
        assertEquals("255.255.255.0", defaults.config().mask.toString());
        assertEquals(MacAddress.parse("02:00:7f:25:01:0b"), defaults.config().mac);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--server 127.0.0.1 --bogus 1|unknown option '--bogus'",
        "--listen 127.37.1.10|--server HOST[:PORT][,HOST[:PORT]...] is required",
        "--server 127.0.0.1,|--server needs HOST[:PORT]",
        "--server|option --server needs a value",
        "--server 127.0.0.1 --server 127.0.0.2|option --server is given twice",
        "--server 127.0.0.1:70000|--server port must be a number 1-65535",
        "--server 127.0.0.1 --listen 127.37.1.300|--listen: Invalid IPv4 address",
        "--server 127.0.0.1 --listen 127.37.1.10 --mask 255.0.255.0|not contiguous",
        "--server 127.0.0.1 --listen 127.37.1.10 --heartbeat 0|--heartbeat must be a number 1-86400",
        "--server 127.0.0.1 --listen 127.37.1.10 --tls-truststore x.p12|TLS needs --tls-keystore",
        "--server 127.0.0.1 --listen 127.37.1.10 --state-dir /tmp/x --enroll-token nodot|--enroll-token: an enrollment token is <id>.<secret>, as the server showed it; this one has no '.'",
        "--server 127.0.0.1 --listen 127.37.1.10 --state-dir /tmp/x --enroll-token .secret|the token id is empty",
        "--server 127.0.0.1 --listen 127.37.1.10 --state-dir /tmp/x --enroll-token id.|the secret is empty",
        "--server 127.0.0.1 --listen 127.37.1.10 --enroll-token id.secret|enrolling needs a place to keep the identity: give --state-dir DIR or --identity-file FILE",
        "--server 127.0.0.1 --listen 127.37.1.10 --state-dir /tmp/x --enroll-token id.secret --enroll-token-file t|give --enroll-token or --enroll-token-file, not both",
        "--server 127.0.0.1 --listen 127.37.1.10 --enroll-token|option --enroll-token needs a value",
        "wake|wake needs a MAC address",
        "wake ff:ff:ff:ff:ff:ff|MAC: Invalid MAC address 'ff:ff:ff:ff:ff:ff': the broadcast address cannot be woken",
        "wake 00:11:22:33:44:55 --repeat 17|--repeat must be a number 1-16",
        "wake 00:11:22:33:44:55 --password secret|Invalid SecureOn password 'secret'",
        "wake 00:11:22:33:44:55 --server x|unknown option '--server'",
    })
    void rejectsBadCommandLinesWithAMessage(String line, String message) {
        UsageException e = assertThrows(UsageException.class, () -> AgentCommandLine.parse(line.split(" ")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void tlsChecksTheServersHostNameUnlessToldNotTo() throws Exception {
        Path store = dir.resolve("agent-tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "agent", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=agent", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor());
        Path password = Files.writeString(dir.resolve("tls-password"), "changeit\n");
        AgentConfig checking = ((AgentCommand.Run) AgentCommandLine.parse("--server", "127.0.0.1", "--listen", "127.37.1.13",
                "--tls-keystore", store.toString(), "--tls-password-file", password.toString())).config();
        assertTrue(checking.tls.verifiesHostName(), "the default: the server's certificate must name the host of --server");
        AgentConfig notChecking = ((AgentCommand.Run) AgentCommandLine.parse("--server", "127.0.0.1", "--listen", "127.37.1.13",
                "--tls-keystore", store.toString(), "--tls-password-file", password.toString(), "--tls-no-host-check")).config();
        assertFalse(notChecking.tls.verifiesHostName());
    }

    @Test
    void parsesTheIdentityOptions() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "  tok1.s3cret-from-a-file  \r\nsecond line ignored\n");
        AgentConfig fromFile = ((AgentCommand.Run) AgentCommandLine.parse("--server", "127.0.0.1", "--listen", "127.37.1.13",
                "--state-dir", dir.toString(), "--enroll-token-file", tokenFile.toString())).config();
        assertEquals(dir.resolve("agent-identity"), fromFile.identityFile());
        assertEquals(new EnrollmentSecret("tok1", "s3cret-from-a-file"), fromFile.enrollmentToken);

        Path explicit = dir.resolve("elsewhere/identity");
        AgentConfig fromFlag = ((AgentCommand.Run) AgentCommandLine.parse("--server", "127.0.0.1", "--listen", "127.37.1.13",
                "--state-dir", dir.toString(), "--identity-file", explicit.toString(), "--enroll-token", "tok2.x.y")).config();
        assertEquals(explicit, fromFlag.identityFile(), "--identity-file wins over the state directory");
        assertEquals(new EnrollmentSecret("tok2", "x.y"), fromFlag.enrollmentToken);

        AgentConfig stateOnly = ((AgentCommand.Run) AgentCommandLine.parse("--server", "127.0.0.1", "--listen", "127.37.1.13",
                "--state-dir", dir.toString())).config();
        assertEquals(dir.resolve("agent-identity"), stateOnly.identityFile(), "enrolled when the file is there");
        assertNull(stateOnly.enrollmentToken);
        AgentConfig none = ((AgentCommand.Run) AgentCommandLine.parse("--server", "127.0.0.1", "--listen", "127.37.1.13")).config();
        assertNull(none.identityFile(), "no identity without --state-dir or --identity-file");

        // a secret with white space or beyond ASCII, or an empty token file: usage errors that do not repeat the secret
        for (String bad : List.of("tok1.hidden value", "tok1.h\u00efdden", "tok1.hidden\t")) {
            UsageException e = assertThrows(UsageException.class, () -> AgentCommandLine.parse("--server", "127.0.0.1",
                    "--listen", "127.37.1.13", "--state-dir", dir.toString(), "--enroll-token", bad));
            assertTrue(e.getMessage().startsWith("--enroll-token: an enrollment token is <id>.<secret>"), e.getMessage());
            assertFalse(e.getMessage().contains("dden"), e.getMessage());
        }
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        UsageException emptyFile = assertThrows(UsageException.class, () -> AgentCommandLine.parse("--server", "127.0.0.1",
                "--listen", "127.37.1.13", "--state-dir", dir.toString(), "--enroll-token-file", empty.toString()));
        assertTrue(emptyFile.getMessage().contains("--enroll-token-file " + empty + ": an enrollment token is <id>.<secret>"),
                emptyFile.getMessage());

        // exit codes: a bad token is a usage error; a missing token file or identity file a configuration error
        assertEquals(AgentMain.USAGE, run("--server", "127.0.0.1", "--listen", "127.37.1.13", "--enroll-token", "tok1.s3cret"));
        assertEquals(AgentMain.CONFIGURATION, run("--server", "127.0.0.1", "--listen", "127.37.1.13", "--state-dir",
                dir.toString(), "--enroll-token-file", dir.resolve("no-such-token").toString()));
        assertEquals(AgentMain.CONFIGURATION, run("--server", "127.0.0.1", "--listen", "127.37.1.13", "--identity-file",
                dir.resolve("no-such-identity").toString()));
        assertTrue(AgentCommandLine.USAGE.contains("--enroll-token-file FILE"));
        assertTrue(AgentCommandLine.USAGE.contains("--identity-file FILE"));
    }

    private static int run(String... args) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return AgentMain.run(args, quiet, quiet);
    }

    @Test
    void exitCodesSayWhatWentWrong() throws Exception {
        assertEquals(AgentMain.OK, run("--help"));
        assertEquals(AgentMain.USAGE, run());
        assertEquals(AgentMain.USAGE, run("--server", "127.0.0.1", "--nonsense"));
        Path shortKey = Files.writeString(dir.resolve("short.key"), "short\n");
        assertEquals(AgentMain.CONFIGURATION, run("--server", "127.0.0.1", "--listen", "127.37.1.12", "--key-file",
                shortKey.toString()));
        assertEquals(AgentMain.CONFIGURATION, run("--server", "127.0.0.1", "--listen", "127.37.1.12", "--key-file",
                dir.resolve("missing.key").toString()));
        try (ListenerRuntime runtime = ListenerRuntime.create("cli-test", 1, java.time.Duration.ofSeconds(1), null);
                MagicPacketRecorder segment = MagicPacketRecorder.open(Ipv4Address.parse("127.37.2.255"), 0,
                        runtime.selector())) {
            assertEquals(AgentMain.OK, run("wake", "02:00:7f:25:02:14", "--broadcast", "127.37.2.255", "--port",
                    Integer.toString(segment.port()), "--repeat", "2", "--from", "127.37.2.10"));
            AgentIntegrationTest.awaitPackets(segment, 2);
            assertEquals(Ipv4Address.parse("127.37.2.10"),
                    segment.receptionOf(MacAddress.parse("02:00:7f:25:02:14")).lastSource());
        }
    }
}
