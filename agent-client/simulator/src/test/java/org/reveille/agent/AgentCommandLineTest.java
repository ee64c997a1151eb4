package org.reveille.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
