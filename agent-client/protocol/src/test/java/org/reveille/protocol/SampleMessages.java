package org.reveille.protocol;

import java.util.ArrayList;
import java.util.List;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.wol.SecureOnPassword;

/** One realistic message of every type, with optional fields both present and absent. */
final class SampleMessages {

    static final Ipv4Address AGENT = Ipv4Address.parse("127.20.5.10");
    static final Ipv4Address MASK = Ipv4Address.parse("255.255.255.0");
    static final Cidr SUBNET = Cidr.parse("127.20.5.0/24");
    static final MacAddress MAC = MacAddress.parse("02:00:7f:14:05:0a");

    private SampleMessages() {
    }

    static List<Message> all() {
        List<Message> messages = new ArrayList<>();
        messages.add(new RegisterRequest("127.0.0.1", 1777));
        messages.add(new RegisterRequest("", 0));
        messages.add(new WakeBatch("job-42", 40009, 3, List.of(
                BatchTarget.of(MacAddress.parse("02:00:7f:14:05:0b")),
                new BatchTarget(MacAddress.parse("02:00:7f:14:05:0c"), SecureOnPassword.parse("1.2.3.4"), null),
                new BatchTarget(MacAddress.parse("02:00:7f:14:05:0d"), SecureOnPassword.parse("01:02:03:04:05:06"),
                        Ipv4Address.parse("127.20.5.13")))));
        messages.add(new StatusRequest());
        messages.add(new Unregister("a new Alternate registered"));
        messages.add(new RoleChange(WireRole.PRIMARY, "promoted: the Primary went down"));
        messages.add(new Registration("PC-127-20-5-10", List.of(AGENT, Ipv4Address.parse("127.21.0.10")), MASK, MAC,
                1776, WireRole.ALTERNATE, WireRole.PRIMARY, 1, true));
        messages.add(new Heartbeat("PC-127-20-5-10", AGENT, WireRole.PRIMARY, 123_456, 789));
        messages.add(new WakeResult("job-42", "PC-127-20-5-10", List.of(
                TargetResult.sent(MacAddress.parse("02:00:7f:14:05:0b"), 3),
                TargetResult.failed(MacAddress.parse("02:00:7f:14:05:0c"), "Network is unreachable"),
                new TargetResult(MacAddress.parse("02:00:7f:14:05:0d"), TargetResult.Outcome.DUPLICATE, 0,
                        "already sent for this job"))));
        messages.add(new GoingDown("PC-127-20-5-10", AGENT, WireRole.PRIMARY, "system shutdown"));
        messages.add(new Ack(3, 1, "wake batch accepted"));
        messages.add(new AgentStatus("PC-127-20-5-10", AGENT, MASK, WireRole.ALTERNATE, 1, false, 5_000, 12));
        messages.add(new ErrorReply(ErrorCode.BUSY, "too many connections"));
        messages.add(new PrimaryProbe(SUBNET, AGENT, "PC-127-20-5-10"));
        messages.add(new PrimaryAnswer(SUBNET, Ipv4Address.parse("127.20.5.11"), "PC-127-20-5-11 \u00e9\u4e2d"));
        return messages;
    }

    /** The messages with the fields version 3 appends (paired subnets, docs/protocol.md "Version 3"). */
    static List<Message> version3() {
        return List.of(
                new WakeBatch("job-43", 0, 2, List.of(BatchTarget.of(MacAddress.parse("02:00:7f:14:05:0b"))),
                        List.of(Ipv4Address.parse("127.88.2.255"), Ipv4Address.parse("127.88.3.127"))),
                new WakeResult("job-43", "PC-127-20-5-10", List.of(
                        TargetResult.sent(MacAddress.parse("02:00:7f:14:05:0b"), 6, 0b11),
                        TargetResult.sent(MacAddress.parse("02:00:7f:14:05:0c"), 2, 0),
                        TargetResult.failed(MacAddress.parse("02:00:7f:14:05:0d"), "Network is unreachable")), 2),
                // a batch whose paired broadcasts all refused the packets: still version 3, so that the server sees it
                new WakeResult("job-44", "PC-127-20-5-10", List.of(TargetResult.sent(MacAddress.parse("02:00:7f:14:05:0e"), 2, 0)), 3));
    }

    /** Version 4: a registration with its link's IPv6 prefixes, a batch asking for the link, and its result. */
    static List<Message> version4() {
        return List.of(
                new Registration("PC-127-20-5-10", List.of(AGENT), MASK, MAC, 1776, WireRole.MEMBER, WireRole.MEMBER, 4, false,
                        List.of(org.reveille.net.Ipv6Prefix.parse("fd7f:14:5::/64"), org.reveille.net.Ipv6Prefix.parse("2001:db8:14:5::/64"))),
                new WakeBatch("job-45", 0, 2, List.of(BatchTarget.of(MacAddress.parse("02:00:7f:14:05:0b"))), List.of(), true),
                new WakeBatch("job-46", 0, 2, List.of(BatchTarget.of(MacAddress.parse("02:00:7f:14:05:0b"))),
                        List.of(Ipv4Address.parse("127.88.2.255")), true),
                new WakeResult("job-46", "PC-127-20-5-10", List.of(
                        TargetResult.sent(MacAddress.parse("02:00:7f:14:05:0b"), 6, 0b1, true),
                        TargetResult.sent(MacAddress.parse("02:00:7f:14:05:0c"), 2, 0, false),
                        TargetResult.failed(MacAddress.parse("02:00:7f:14:05:0d"), "Network is unreachable")), 1, true));
    }

    /** One of each message type version 2 added: their frames are signed with a token's key (IdentityFramesTest). */
    static List<Message> version2() {
        byte[] key = Ed25519.generate().getPublic().getEncoded();
        return List.of(new Enroll("tok-1", "PC-127-20-5-10", List.of(AGENT), MASK, MAC, 1776, key), new Enrolled(1, 2, key));
    }
}
