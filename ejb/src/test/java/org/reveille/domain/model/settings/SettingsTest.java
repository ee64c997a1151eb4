package org.reveille.domain.model.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.interfaces.json.PlainJson;

class SettingsTest {

    private static Map<String, Object> json(String text) {
        return PlainJson.object(Json.createReader(new StringReader(text)).readObject());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Settings s = Settings.defaults();
        assertTrue(s.agentStateManagerEnabled());
        assertEquals(Duration.ofMinutes(10), s.agentStateManagerInterval());
        assertEquals(10, s.maxSubnetsPerPoll());
        assertEquals(Duration.ofHours(3), s.staleAfter());
        assertEquals(Duration.ofDays(30), s.deleteUnreachableAfter());
        assertEquals(Settings.DiscoveryStrategy.PROACTIVE, s.discoveryStrategy());
        assertEquals(1776, s.agentPort());
        assertEquals(1777, s.serverPort());
        assertEquals(9, s.magicPacketPort());
        assertEquals("authenticated", s.secureTransport());
    }

    @Test
    void partialUpdateKeepsTheRest() {
        Settings s = Settings.defaults().with(json("{\"maxSubnetsPerPoll\": 50, \"discoveryStrategy\": \"on-demand\"}"));
        assertEquals(50, s.maxSubnetsPerPoll());
        assertEquals(Settings.DiscoveryStrategy.ON_DEMAND, s.discoveryStrategy());
        assertEquals(10, s.agentStateManagerInterval().toMinutes());
        assertEquals(Map.of(Setting.MAX_SUBNETS_PER_POLL, 50, Setting.DISCOVERY_STRATEGY, "on-demand"),
                s.differencesFrom(Settings.defaults()));
    }

    @Test
    void everyBadMemberIsReportedAndNothingApplies() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Settings.defaults().with(json(
                "{\"pingCount\": 11, \"pingTimeoutMillis\": 1.5, \"agentStateManagerEnabled\": \"yes\","
                        + " \"secureTransport\": \"tls\", \"bogus\": true, \"maxSubnetsPerPoll\": 99999999999999999999}")));
        Map<String, String> byField = e.violations().stream().collect(Collectors.toMap(Violation::field, Violation::message));
        assertEquals(Set.of("pingCount", "pingTimeoutMillis", "agentStateManagerEnabled", "secureTransport", "bogus", "maxSubnetsPerPoll"),
                byField.keySet());
        assertEquals("must be an integer from 1 to 10, was 11", byField.get("pingCount"));
        assertEquals("unknown setting", byField.get("bogus"));
        assertTrue(byField.get("secureTransport").contains("plain, authenticated"));
    }

    /** encrypted is a mode like the others; whether this server has the TLS key store is the listener's check (400 then). */
    @Test
    void encryptedIsAModeAndIsKeptWhenStored() {
        assertEquals("encrypted", Settings.defaults().with(json("{\"secureTransport\": \"encrypted\"}")).secureTransport());
        List<String> ignored = new java.util.ArrayList<>();
        Settings loaded = Settings.fromStored(Map.of("secureTransport", "encrypted"), (name, value) -> ignored.add(name));
        assertEquals("encrypted", loaded.secureTransport());
        assertEquals(List.of(), ignored);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Settings.defaults().with(json("{\"secureTransport\": \"tls\"}")));
        assertTrue(e.violations().get(0).message().contains("plain, authenticated, encrypted"), e.violations().toString());
    }

    @Test
    void portsMustDiffer() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Settings.defaults().with(json("{\"serverPort\": 1776}")));
        assertEquals(List.of(new Violation("serverPort", "must differ from agentPort")), e.violations());
    }

    @Test
    void storedRowsRoundTripAndBadRowsFallBack() {
        Settings changed = Settings.defaults().with(json("{\"pingCount\": 4, \"agentStateManagerEnabled\": false}"));
        Map<String, String> rows = new HashMap<>();
        changed.differencesFrom(Settings.defaults()).forEach((k, v) -> rows.put(k.jsonName(), v.toString()));
        rows.put("staleAfterMinutes", "1");         // below the minimum
        rows.put("retiredSetting", "whatever");     // from an older version
        List<String> ignored = new java.util.ArrayList<>();
        Settings loaded = Settings.fromStored(rows, (name, value) -> ignored.add(name));
        assertEquals(4, loaded.pingCount());
        assertEquals(false, loaded.agentStateManagerEnabled());
        assertEquals(Duration.ofHours(3), loaded.staleAfter());
        assertEquals(Set.of("staleAfterMinutes", "retiredSetting"), Set.copyOf(ignored));
    }

    @Test
    void jsonHasEverySettingWithItsType() {
        Map<String, Object> json = Settings.defaults().byName();
        assertEquals(Setting.values().length, json.size());
        assertSame(Boolean.TRUE, json.get("agentStateManagerEnabled"));
        assertEquals(10, json.get("maxSubnetsPerPoll"));
        assertEquals("proactive", json.get("discoveryStrategy"));
    }
}
