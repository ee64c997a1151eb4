package org.reveille.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;

class StrictJsonReaderTest {

    private static JsonValue read(String json) throws IOException {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonValue read(byte[] json) throws IOException {
        return StrictJsonReader.read(new ByteArrayInputStream(json));
    }

    private static List<String> fields(InvalidInputException e) {
        return e.violations().stream().map(Violation::field).toList();
    }

    @Test
    void readsWhatJsonPReads() throws IOException {
        JsonObject o = (JsonObject) read("{\"a\":[1,2.5,\"x\",true,false,null,{\"b\":\"\\uD83D\\uDE00\"}]}");
        assertEquals(2.5, o.getJsonArray("a").getJsonNumber(1).doubleValue());
        assertEquals("\uD83D\uDE00", o.getJsonArray("a").getJsonObject(6).getString("b"));
    }

    @Test
    void duplicateMembersAreNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> read("{\"machines\":[{\"name\":\"a\",\"name\":\"b\"}],\"machines\":[]}"));
        assertEquals(List.of("machines[0].name", "machines"), fields(e));
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesAreNamedByPath() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> read("{\"names\":[\"ok\",\"a\\u0000b\"],\"x\\u0001\":1,\"d\":\"\\uD800\",\"t\":\"tab\\there\"}"));
        assertEquals(List.of("names[1]", "x\u0001", "d", "t"), fields(e));
        assertTrue(e.violations().get(0).message().contains("U+0000"));
    }

    @Test
    void invalidUtf8EmptyBodyTrailingContentAndDeepNestingAreMalformed() {
        byte[] latin1 = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("the request body is not valid UTF-8", assertThrows(JsonException.class, () -> read(latin1)).getMessage());
        assertThrows(JsonException.class, () -> read(""));
        assertThrows(JsonException.class, () -> read("{} {}"));
        assertThrows(JsonException.class, () -> read("[".repeat(100_000)));
        assertThrows(JsonException.class, () -> read("{\"a\":"));
    }

    @Test
    void longNumbersAreRefusedBeforeTheyAreParsed() {
        long start = System.nanoTime();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read("{\"pingCount\":" + "9".repeat(5_000_000) + "}"));
        assertEquals(List.of("pingCount"), fields(e));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "refused without parsing 5 million digits");
    }
}
