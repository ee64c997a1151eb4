package org.reveille.domain.model.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The audit detail is always one valid JSON object within the column's size, whatever it is given. */
class AuditDetailTest {

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void valuesOfEveryKindRoundTrip() {
        JsonObject json = parse(AuditDetail.of().with("text", "a \"quoted\" \\ line\nbreak\u0001\u2028").with("count", 42).with("big", 1L << 40)
                .with("flag", true).with("list", List.of("a", "b")).with("nested", AuditDetail.of().with("old", 1).with("new", 2))
                .with("absent", null).json());
        assertEquals("a \"quoted\" \\ line\nbreak\u0001\u2028", json.getString("text"));
        assertEquals(42, json.getInt("count"));
        assertEquals(1L << 40, json.getJsonNumber("big").longValue());
        assertTrue(json.getBoolean("flag"));
        assertEquals(List.of("a", "b"), json.getJsonArray("list").getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(2, json.getJsonObject("nested").getInt("new"));
        assertTrue(!json.containsKey("absent"), "a null value is left out");
    }

    @Test
    void aLongListKeepsItsFirstTwentyAndItsCount() {
        List<String> names = IntStream.range(0, 100_000).mapToObj(i -> "PC-" + i).toList();
        JsonObject json = parse(AuditDetail.of().with("names", names).json());
        assertEquals(AuditDetail.LISTED, json.getJsonArray("names").size());
        assertEquals("PC-0", json.getJsonArray("names").getString(0));
        assertEquals(100_000, json.getInt("namesCount"));
    }

    @Test
    void aDetailTooLongIsCutToValidJsonWithinTheColumn() {
        String longName = "x".repeat(1000);
        AuditDetail detail = AuditDetail.of();
        for (int i = 0; i < 20; i++) {
            detail.with("field" + i, longName + "\"\u00e9\ud83d\ude00");
        }
        String json = detail.json();
        assertTrue(json.length() <= AuditEvent.MAX_DETAIL, "at most the column: " + json.length());
        JsonObject cut = parse(json);
        assertTrue(cut.getBoolean("cut"));
        assertTrue(cut.getString("beginning").startsWith("{\"field0\":\"xxx"));
    }

    @Test
    void aCutNeverSplitsACharacter() {
        // the cut point (MAX_DETAIL / 2) falls between the two halves of an emoji
        String prefix = "{\"f\":\"";
        String filler = "y".repeat(AuditEvent.MAX_DETAIL / 2 - prefix.length() - 1);
        String json = AuditDetail.of().with("f", filler + "\ud83d\ude00" + "z".repeat(AuditEvent.MAX_DETAIL)).json();
        String beginning = parse(json).getString("beginning");
        assertTrue(!Character.isHighSurrogate(beginning.charAt(beginning.length() - 1)), "no half character at the end");
    }

    @Test
    void anActorIsCutNeverRefused() {
        Actor actor = new Actor("u".repeat(500), Actor.Channel.REST, " ");
        assertEquals(Actor.MAX_USER, actor.user().length());
        assertNull(actor.address());
        assertEquals("anonymous", new Actor(null, Actor.Channel.JMS, null).user());
    }
}
