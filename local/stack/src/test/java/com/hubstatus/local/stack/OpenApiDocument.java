package com.hubstatus.local.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.SamTemplate;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * docs/openapi.yaml as the tests read it: its operations, what each may answer, and the JSON
 * schemas an answer is validated against (JSON Schema 2020-12 in OpenAPI 3.1's dialect, formats
 * asserted), by JSON pointer into the document.
 */
final class OpenApiDocument {

    /** The IRI the document is registered under, so its {@code #/components/...} references resolve inside it. */
    static final String IRI = "https://hubstatus.local/openapi.yaml";
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode root;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiDocument(String text) {
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the OpenAPI document is not YAML: " + e.getOriginalMessage(), e);
        }
        registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), registry -> registry
                .schemas(Map.of(IRI, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    static OpenApiDocument of(String text) {
        return new OpenApiDocument(text);
    }

    /** The document in the repository, {@code docs/openapi.yaml}. */
    static Path file() {
        return SamTemplate.repositoryRoot().resolve("docs").resolve("openapi.yaml");
    }

    static String text() {
        try {
            return Files.readString(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    /**
     * One operation of the document.
     *
     * @param method  upper case, as a route key has it
     * @param path    the path template, such as {@code /hubs/{hubId}}
     * @param node    the operation object
     * @param pointer the JSON pointer to it
     */
    record Operation(String method, String path, JsonNode node, String pointer) {

        String operationId() {
            return node.path("operationId").asText();
        }

        /** The route key API Gateway would give it: {@code GET /hubs/{hubId}}. */
        String routeKey() {
            return method + " " + path;
        }

        boolean matches(String requestMethod, String requestPath) {
            return method.equals(requestMethod) && template(path).matcher(requestPath).matches();
        }

        private static Pattern template(String path) {
            StringBuilder regex = new StringBuilder();
            for (String part : path.split("(?=\\{)|(?<=})")) {
                regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
            }
            return Pattern.compile(regex.toString());
        }
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        root.path("paths").properties().forEach(path -> {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), operation,
                            "/paths/" + escape(path.getKey()) + "/" + method));
                }
            }
        });
        return operations;
    }

    Optional<Operation> operation(String method, String path) {
        return operations().stream().filter(o -> o.matches(method, path)).findFirst();
    }

    /** A node with the JSON pointer it was found at. */
    record Located(JsonNode node, String pointer) {
    }

    /** Follows a {@code $ref} to a place in this document, as often as it takes. */
    Located resolve(Located located) {
        Located at = located;
        Set<String> seen = new LinkedHashSet<>();
        while (at.node().has("$ref")) {
            String ref = at.node().get("$ref").asText();
            if (!ref.startsWith("#/") || !seen.add(ref)) {
                throw new IllegalArgumentException("cannot follow $ref " + ref + " at " + at.pointer());
            }
            String pointer = ref.substring(1);
            JsonNode target = root.at(pointer);
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("$ref " + ref + " at " + at.pointer() + " points nowhere");
            }
            at = new Located(target, pointer);
        }
        return at;
    }

    /** The schema at a JSON pointer into the document. */
    Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(IRI + "#" + iriFragment(p))));
    }

    /** What is wrong with {@code json} for the schema at {@code pointer}; empty when it is valid. */
    List<String> problems(String pointer, String json) {
        return schema(pointer).validate(json, InputFormat.JSON).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
    }

    List<String> problems(String pointer, JsonNode value) {
        return problems(pointer, value.toString());
    }

    /**
     * What is wrong with an answer for the operation its method and path name: a status the
     * operation does not describe, a content type or body it does not describe for that status, a
     * header it describes that is missing or has a value outside its schema. Empty when the
     * document describes the answer.
     */
    List<String> answerProblems(Operation operation, int status, Map<String, List<String>> headers, byte[] body) {
        List<String> problems = new ArrayList<>();
        JsonNode responses = operation.node().path("responses");
        String key = Integer.toString(status);
        if (!responses.has(key)) {
            key = "default";
            if (!responses.has(key)) {
                return List.of(operation.routeKey() + " describes no " + status + " answer");
            }
        }
        Located response = resolve(new Located(responses.get(key),
                operation.pointer() + "/responses/" + escape(key)));

        JsonNode content = response.node().path("content");
        String contentType = header(headers, "content-type").orElse(null);
        if (content.isEmpty()) {
            if (body.length > 0) {
                problems.add("a " + status + " answer has no body, but this one has " + body.length + " bytes");
            }
        } else if (contentType == null) {
            problems.add("a " + status + " answer has a body of " + names(content) + ", but no content-type");
        } else {
            String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!content.has(mediaType)) {
                problems.add("a " + status + " answer is " + names(content) + ", not " + mediaType);
            } else if (content.get(mediaType).has("schema")) {
                String schema = response.pointer() + "/content/" + escape(mediaType) + "/schema";
                JsonNode json;
                try {
                    json = Json.mapper().readTree(body);
                } catch (IOException e) {
                    return List.of("the body is not JSON: " + new String(body, StandardCharsets.UTF_8));
                }
                problems.addAll(problems(schema, json).stream().map(p -> "body " + p).toList());
            }
        }

        response.node().path("headers").properties().forEach(declared -> {
            String name = declared.getKey();
            Located header = resolve(new Located(declared.getValue(),
                    response.pointer() + "/headers/" + escape(name)));
            Optional<String> value = header(headers, name);
            if (value.isEmpty()) {
                if (header.node().path("required").asBoolean()) {
                    problems.add("the required header " + name + " is missing");
                }
                return;
            }
            problems(header.pointer() + "/schema", TextNode.valueOf(value.get()))
                    .forEach(p -> problems.add("header " + name + " " + p));
        });
        return problems;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
                .map(h -> h.getValue().getFirst())
                .findFirst();
    }

    /** A JSON pointer's reference token: {@code ~} and {@code /} escaped. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A JSON pointer as an IRI fragment: characters an IRI does not take, such as braces, percent-encoded. */
    private static String iriFragment(String pointer) {
        return URLEncoder.encode(pointer, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("%2F", "/").replace("%7E", "~");
    }
}
