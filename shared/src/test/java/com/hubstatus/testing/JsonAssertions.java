package com.hubstatus.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** Assertions on the JSON that handlers answer with. */
public final class JsonAssertions {

    private JsonAssertions() {
    }

    /**
     * Asserts that {@code actual} has every field of {@code expected}, with the same value; fields
     * {@code expected} leaves out may be anything. Arrays match element by element and in length.
     * Every difference is reported at once, by its JSON pointer.
     */
    public static void assertJsonHas(String expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        compare("", parse(expected), actual, differences);
        if (!differences.isEmpty()) {
            fail(String.join("\n", differences) + "\nin " + actual.toPrettyString());
        }
    }

    /** Asserts an API refusal: its HTTP status, the error code and a message. */
    public static void assertRefusal(int status, String code, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        JsonNode error = LambdaEvents.body(response).get("error");
        assertEquals(code, error.get("code").asText());
        assertFalse(error.get("message").asText().isBlank(), "a refusal explains itself");
    }

    private static void compare(String pointer, JsonNode expected, JsonNode actual, List<String> differences) {
        if (actual == null || actual.isMissingNode()) {
            differences.add(pointer + ": missing, expected " + expected);
        } else if (expected.isObject() && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                compare(pointer + "/" + field.getKey(), field.getValue(), actual.get(field.getKey()), differences);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(pointer + "/" + i, expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(pointer + ": expected " + expected + ", was " + actual);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
