package com.hubstatus.local.dynamodb.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTextTest {

    @Test
    void jsonRoundTripsThroughTheTree() {
        // given
        String text = "{\"s\":\"a\\\"b\\\\c\\n\\u00e9\\uD834\\uDD1E/\",\"n\":-12,\"big\":12345678901234567890,\"d\":1.5e3,"
                + "\"t\":true,\"f\":false,\"z\":null,\"l\":[1,[],{}],\"m\":{\"k\":\"v\"}}";

        // when
        JsonNode node = JsonText.parse(text);
        JsonNode again = JsonText.parse(JsonText.write(node));

        // then
        assertEquals("a\"b\\c\né\uD834\uDD1E/", node.get("s").textValue());
        assertEquals(-12, node.get("n").intValue());
        assertTrue(node.get("n").isIntegralNumber());
        assertEquals("12345678901234567890", node.get("big").decimalValue().toPlainString());
        assertEquals(1500.0, node.get("d").doubleValue());
        assertEquals(JsonText.toString(node), JsonText.toString(again));
        assertEquals("é", new String(JsonText.write(JsonText.parse("\"é\"")), StandardCharsets.UTF_8).replace("\"", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "{\"a\":1} x", "\"unterminated", "tru", "{'a':1}", "\"\\x\"", "01x"})
    void textThatIsNotJsonIsRefused(String text) {
        assertThrows(JsonText.MalformedJsonException.class, () -> JsonText.parse(text));
    }
}
