package com.hubstatus.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON request body, read strictly: declared as {@code application/json}, a size limit, an
 * object, only the fields the route takes, each of the right type and shape. Text refuses control,
 * format, separator, surrogate and unassigned characters, and its length counts code points.
 * Every refusal names the field and quotes at most a short prefix of what was sent.
 */
public final class RequestBody {

    /** The largest body any route takes. */
    public static final int MAX_BYTES = 16 * 1024;

    private final JsonNode root;

    private RequestBody(JsonNode root) {
        this.root = root;
    }

    /**
     * @param allowedFields the fields the route takes; any other is refused
     * @throws ApiException 400 for a missing, malformed or unexpected body, 413 for an oversize one,
     *                      415 for a body that is not declared as JSON
     */
    public static RequestBody parse(APIGatewayV2HTTPEvent event, Set<String> allowedFields) {
        byte[] bytes = bytes(event);
        if (bytes.length > MAX_BYTES) {
            throw new ApiException(413, "BODY_TOO_LARGE", "the body is larger than " + MAX_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("MISSING_BODY", "a JSON object body is required");
        }
        if (!declaresJson(event)) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be sent as application/json");
        }
        JsonNode root;
        try {
            root = Json.parse(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "the body is not valid JSON");
        } catch (IOException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "the body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("MALFORMED_JSON", "the body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field " + ApiException.quote(name));
            }
        }
        return new RequestBody(root);
    }

    /** {@code application/json}, with or without parameters such as a charset. */
    private static boolean declaresJson(APIGatewayV2HTTPEvent event) {
        String type = ApiHandler.header(event, "content-type").orElse("");
        int parameters = type.indexOf(';');
        String mediaType = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return mediaType.equalsIgnoreCase("application/json");
    }

    /** The body as sent, for telling one request from another; an undecodable one as it arrived. */
    public static String text(APIGatewayV2HTTPEvent event) {
        try {
            return new String(bytes(event), StandardCharsets.UTF_8);
        } catch (ApiException undecodable) {
            return event.getBody();
        }
    }

    private static byte[] bytes(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("MALFORMED_BODY", "the body is not valid base64");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isEmpty() {
        return root.isEmpty();
    }

    public boolean has(String field) {
        return root.has(field);
    }

    /** A required string of 1 to {@code maxLength} characters matching {@code shape}. */
    public String requiredString(String field, int maxLength, Pattern shape, String shapeDescription) {
        if (!root.has(field) || root.get(field).isNull()) {
            throw ApiException.badRequest("MISSING_FIELD", "field '" + field + "' is required");
        }
        return string(field, maxLength, shape, shapeDescription);
    }

    /** An optional string; empty when absent. */
    public Optional<String> optionalString(String field, int maxLength, Pattern shape, String shapeDescription) {
        if (!root.has(field)) {
            return Optional.empty();
        }
        if (root.get(field).isNull()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' cannot be null");
        }
        return Optional.of(string(field, maxLength, shape, shapeDescription));
    }

    /** An optional array of distinct strings; empty when absent. */
    public Optional<Set<String>> optionalStringSet(String field, int maxItems, int maxLength, Pattern shape,
                                                   String shapeDescription) {
        if (!root.has(field)) {
            return Optional.empty();
        }
        JsonNode value = root.get(field);
        if (!value.isArray()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be an array of strings");
        }
        if (value.size() > maxItems) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' takes at most " + maxItems + " items");
        }
        Set<String> items = new LinkedHashSet<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be an array of strings");
            }
            items.add(check(field, item.asText(), maxLength, shape, shapeDescription));
        }
        return Optional.of(items);
    }

    private String string(String field, int maxLength, Pattern shape, String shapeDescription) {
        JsonNode value = root.get(field);
        if (!value.isTextual()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be a string");
        }
        return check(field, value.asText(), maxLength, shape, shapeDescription);
    }

    private static String check(String field, String text, int maxLength, Pattern shape, String shapeDescription) {
        String value = text.strip();
        int length = value.codePointCount(0, value.length());
        if (length == 0 || length > maxLength) {
            throw ApiException.badRequest("INVALID_FIELD",
                    "field '" + field + "' must be 1 to " + maxLength + " characters");
        }
        value.codePoints().filter(RequestBody::isRefused).findFirst().ifPresent(refused -> {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must not contain "
                    + String.format("U+%04X", refused) + " (control, format, separator, surrogate or unassigned characters)");
        });
        if (shape != null && !shape.matcher(value).matches()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be " + shapeDescription);
        }
        return value;
    }

    /** Unicode categories Cc, Cf, Zl, Zp, Cs and Cn: nothing a person means to type into a name. */
    private static boolean isRefused(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
