package org.reveille.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.reveille.application.AgentListQuery.AddressPrefix;
import org.reveille.net.Ipv4Address;

/** The agent list's ?q= search: which texts are read as whole-octet address prefixes, and the range each covers. */
class AddressPrefixTest {

    private static long ip(String text) {
        return Ipv4Address.parse(text).toLong();
    }

    @Test
    void leadingOctetsCoverEverythingBelowThem() {
        assertEquals(new AddressPrefix(ip("10.20.0.0"), ip("10.20.255.255"), -1), AddressPrefix.parse("10.20"));
        assertEquals(new AddressPrefix(ip("10.20.5.0"), ip("10.20.5.255"), -1), AddressPrefix.parse("10.20.5."));
        assertEquals(new AddressPrefix(ip("10.0.0.0"), ip("10.255.255.255"), -1), AddressPrefix.parse("10"));
        assertEquals(new AddressPrefix(ip("10.20.5.0"), ip("10.20.5.0"), -1), AddressPrefix.parse("10.20.5.0"));
    }

    @Test
    void aCompleteNetworkWithItsLengthMatchesExactly() {
        assertEquals(new AddressPrefix(ip("10.20.5.0"), ip("10.20.5.0"), 24), AddressPrefix.parse("10.20.5.0/24"));
    }

    @Test
    void anythingElseIsAMachineName() {
        assertNull(AddressPrefix.parse("PC-1042"));
        assertNull(AddressPrefix.parse("10.256"));
        assertNull(AddressPrefix.parse("10.20/16"));
        assertNull(AddressPrefix.parse("10.20.5.0/33"));
        assertNull(AddressPrefix.parse("1.2.3.4.5"));
    }
}
