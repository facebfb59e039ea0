package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.connect.ConnectHubHandler;
import com.hubstatus.local.emulators.SamFunction;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.StackValues;
import com.hubstatus.local.stack.OpenApiDocument.Located;
import com.hubstatus.local.stack.OpenApiDocument.Operation;
import com.hubstatus.read.ReadStatusHandler;
import com.hubstatus.status.Hub;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/openapi.yaml is valid OpenAPI 3.1, describes exactly the HTTP API routes of template.yaml,
 * and agrees with the code on what it can check without running it: the fields and query
 * parameters the handlers take, the shapes and limits they enforce, and every error code they
 * answer with its status. {@code OpenApiAnswersIT} holds it to real answers.
 */
class OpenApiDocumentTest {

    /** Codes a function answers that the document leaves out, and why. */
    private static final Map<String, String> UNDOCUMENTED_ERRORS = Map.of(
            "404 ROUTE_NOT_FOUND", "only for a route the template hands a function that does not serve it");

    /** The keywords a schema here may use; anything else is most likely a typo the validators would ignore. */
    private static final Set<String> SCHEMA_KEYWORDS = Set.of("$ref", "title", "description", "type", "enum", "const",
            "properties", "required", "additionalProperties", "minProperties", "items", "minItems", "maxItems",
            "uniqueItems", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "default", "example",
            "examples", "oneOf", "anyOf", "allOf", "not");

    private final String text = OpenApiDocument.text();
    private final OpenApiDocument document = OpenApiDocument.of(text);

    @Test
    void isValidOpenApi31AsAnOpenApiParserReadsIt() {
        // when an OpenAPI tool's parser reads the document, following every reference
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);

        // then it has nothing to complain about, and reads it as 3.1
        assertEquals(List.of(), parsed.getMessages());
        assertNotNull(parsed.getOpenAPI());
        assertEquals(SpecVersion.V31, parsed.getOpenAPI().getSpecVersion());
        assertTrue(parsed.getOpenAPI().getOpenapi().startsWith("3.1."), parsed.getOpenAPI().getOpenapi());
        assertEquals(10, parsed.getOpenAPI().getPaths().values().stream().mapToInt(p -> p.readOperations().size()).sum());
    }

    @Test
    void theParserRefusesADocumentThatBreaksOpenApisRules() {
        // given the document without its info object
        String broken = text.replaceFirst("(?m)^info:", "infos:");

        // when the parser reads it, then it says what is wrong, so the test above means something
        List<String> messages = new OpenAPIV3Parser().readContents(broken, null, new ParseOptions()).getMessages();
        assertTrue(messages.stream().anyMatch(m -> m.contains("info")), messages.toString());
    }

    @Test
    void itsOperationsAreExactlyTheTemplatesHttpApiRoutesNamedAsTheirEvents() {
        // given the routes template.yaml declares, each under its event's name
        SamTemplate template = SamTemplate.ofRepository();
        List<SamFunction> functions = template.functions(new StackValues(template, "hubstatus",
                Map.of("JwtIssuer", "https://issuer.example", "JwtAudience", "hubstatus-api"),
                Map.of("HubTable", "hubstatus-HubTable")));
        Map<String, String> routes = new TreeMap<>();
        functions.forEach(f -> f.routes().forEach(r -> routes.put(r.routeKey(), r.eventName())));

        // then the document has one operation per route, and nothing else, its operationId the event's name
        Map<String, String> operations = new TreeMap<>();
        document.operations().forEach(o -> operations.put(o.routeKey(), o.operationId()));
        assertEquals(routes, operations);
        assertEquals(10, operations.size());
    }

    @Test
    void everyRouteNeedsTheJwtTheAuthorizerChecksAndDescribesWhatApiGatewayAnswersItself() {
        JsonNode scheme = document.root().at("/components/securitySchemes/jwt");
        assertEquals("http", scheme.path("type").asText());
        assertEquals("bearer", scheme.path("scheme").asText());
        assertEquals("JWT", scheme.path("bearerFormat").asText());
        assertEquals("[{\"jwt\":[]}]", document.root().path("security").toString());
        for (Operation operation : document.operations()) {
            assertFalse(operation.node().has("security"), operation.routeKey() + " overrides the JWT requirement");
            for (String status : List.of("401", "429", "500", "503")) {
                assertTrue(operation.node().path("responses").has(status), operation.routeKey() + " lacks " + status);
            }
        }
    }

    @Test
    void everyPathParameterIsDeclaredAndRequiredAndTheQueryParametersAreTheHandlersOwn() throws Exception {
        Set<String> queryParameters = new TreeSet<>();
        for (Operation operation : document.operations()) {
            Set<String> inPath = new TreeSet<>();
            Matcher names = Pattern.compile("\\{([^}]+)}").matcher(operation.path());
            while (names.find()) {
                inPath.add(names.group(1));
            }
            Set<String> declared = new TreeSet<>();
            for (Located parameter : parameters(operation)) {
                JsonNode node = parameter.node();
                switch (node.path("in").asText()) {
                    case "path" -> {
                        declared.add(node.path("name").asText());
                        assertTrue(node.path("required").asBoolean(), operation.routeKey() + " " + node);
                    }
                    case "query" -> queryParameters.add(node.path("name").asText());
                    default -> {
                    }
                }
            }
            assertEquals(inPath, declared, operation.routeKey());
        }
        // the handlers refuse any query parameter outside their own sets
        Set<String> taken = new TreeSet<>();
        for (Field field : ReadStatusHandler.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("PARAMETERS")) {
                field.setAccessible(true);
                ((Set<?>) field.get(null)).forEach(name -> taken.add((String) name));
            }
        }
        assertEquals(taken, queryParameters);
    }

    @Test
    void theRequestBodiesTakeTheFieldsShapesAndLimitsTheHandlerEnforces() throws Exception {
        JsonNode schemas = document.root().at("/components/schemas");
        assertEquals(stringSet(ConnectHubHandler.class, "CONNECT_FIELDS"), names(schemas.at("/ConnectHubRequest/properties")));
        assertEquals(stringSet(ConnectHubHandler.class, "CHANGE_FIELDS"), names(schemas.at("/ChangeHubRequest/properties")));
        assertFalse(schemas.at("/ConnectHubRequest/additionalProperties").asBoolean(true));
        assertFalse(schemas.at("/ChangeHubRequest/additionalProperties").asBoolean(true));
        assertEquals(1, schemas.at("/ChangeHubRequest/minProperties").asInt());

        assertEquals("^" + pattern(ConnectHubHandler.class, "BUSINESS_ID") + "$", schemas.at("/BusinessId/pattern").asText());
        assertEquals("^" + pattern(ConnectHubHandler.class, "SERVICE_ACCOUNT_REF") + "$",
                schemas.at("/ServiceAccountRef/pattern").asText());
        assertEquals("^" + pattern(ConnectHubHandler.class, "USER_ID") + "$", schemas.at("/UserId/pattern").asText());

        assertEquals(Hub.MAX_OWNERS, schemas.at("/ChangeHubRequest/properties/owners/maxItems").asInt());
        assertEquals(1, schemas.at("/ChangeHubRequest/properties/owners/minItems").asInt());
        assertEquals(Hub.MAX_MANAGERS, schemas.at("/ChangeHubRequest/properties/managers/maxItems").asInt());
        assertEquals(Hub.MAX_MANAGERS, schemas.at("/ConnectHubRequest/properties/managers/maxItems").asInt());
        assertEquals(Hub.MAX_OWNERS, schemas.at("/Hub/properties/owners/maxItems").asInt());
        assertEquals(Hub.MAX_MANAGERS, schemas.at("/Hub/properties/managers/maxItems").asInt());
    }

    @Test
    void everyErrorTheFunctionsAnswerIsDescribedUnderItsStatusAndNoOther() throws IOException {
        // given every (status, code) the HTTP side of the functions can answer, read from their source
        Set<String> answered = errorsInSource();
        UNDOCUMENTED_ERRORS.keySet().forEach(answered::remove);

        // and every (status, code) the document describes for some operation
        Set<String> described = new TreeSet<>();
        for (Operation operation : document.operations()) {
            operation.node().path("responses").fieldNames().forEachRemaining(status -> {
                Located response = document.resolve(new Located(operation.node().path("responses").get(status),
                        operation.pointer() + "/responses/" + status));
                JsonNode schema = response.node().at("/content/application~1json/schema");
                if (!schema.isMissingNode()) {
                    errorCodes(new Located(schema, response.pointer() + "/content/application~1json/schema"))
                            .forEach(code -> described.add(status + " " + code));
                }
            });
        }

        // then each describes the other's
        assertEquals(Set.of(), difference(answered, described), "answered but not described");
        assertEquals(Set.of(), difference(described, answered), "described but never answered");
    }

    @Test
    void theRetryAndPreconditionHeadersAreDeclaredWhereTheHandlersReadThem() throws IOException {
        // given the routes whose handlers answer idempotently, and those that read If-Match, from their source
        Map<String, Set<String>> readers = Map.of("idempotently(", new TreeSet<>(), "ifMatch(event)", new TreeSet<>());
        Pattern route = Pattern.compile("\"((?:GET|POST|PATCH|DELETE) [^\"]+)\"");
        try (Stream<Path> functions = Files.walk(SamTemplate.repositoryRoot().resolve("functions"))) {
            for (Path source : functions.filter(p -> p.toString().contains("/src/main/java/") && p.toString().endsWith(".java"))
                    .toList()) {
                String code = Files.readString(source);
                readers.forEach((call, routes) -> routeKeysUsing(code, call, route, routes));
            }
        }
        assertEquals(Set.of("POST /hubs", "POST /hubs/{hubId}/sync"), readers.get("idempotently("));
        assertEquals(Set.of("PATCH /hubs/{hubId}", "DELETE /hubs/{hubId}"), readers.get("ifMatch(event)"));

        // then exactly those operations declare the header, and answer what it can cause
        for (Operation operation : document.operations()) {
            Set<String> headers = new TreeSet<>();
            parameters(operation).stream().filter(p -> p.node().path("in").asText().equals("header"))
                    .forEach(p -> headers.add(p.node().path("name").asText()));
            boolean idempotent = readers.get("idempotently(").contains(operation.routeKey());
            boolean conditional = readers.get("ifMatch(event)").contains(operation.routeKey());
            Set<String> expected = new TreeSet<>();
            if (idempotent) {
                expected.add("Idempotency-Key");
            }
            if (conditional) {
                expected.add("If-Match");
            }
            assertEquals(expected, headers, operation.routeKey());
            JsonNode responses = operation.node().path("responses");
            assertEquals(idempotent, responses.has("422"), operation.routeKey() + " 422");
            assertEquals(conditional, responses.has("412"), operation.routeKey() + " 412");
            if (idempotent || conditional) {
                assertTrue(responses.has("400") && responses.has("409"), operation.routeKey());
            }
        }
    }

    @Test
    void everyAnswerCarryingAHubCarriesItsETag() {
        for (Operation operation : document.operations()) {
            operation.node().path("responses").fieldNames().forEachRemaining(status -> {
                Located response = document.resolve(new Located(operation.node().path("responses").get(status),
                        operation.pointer() + "/responses/" + status));
                JsonNode schema = response.node().at("/content/application~1json/schema/$ref");
                boolean carriesAHub = schema.asText().equals("#/components/schemas/Hub")
                        || schema.asText().equals("#/components/schemas/SyncStarted");
                assertEquals(carriesAHub, response.node().at("/headers/ETag").isObject(), operation.routeKey() + " " + status);
            });
        }
    }

    @Test
    void everyExampleIsValidForItsSchema() {
        List<String> problems = new ArrayList<>();
        examples(document.root(), "", problems);
        assertEquals(List.of(), problems);
    }

    @Test
    void everySchemaUsesOnlyKeywordsItMeans() {
        List<String> problems = new ArrayList<>();
        document.root().at("/components/schemas").fields().forEachRemaining(schema ->
                schemaKeywords(schema.getValue(), "/components/schemas/" + schema.getKey(), problems));
        schemasUnder(document.root(), "", problems);
        assertEquals(List.of(), problems);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * Adds the route keys of a handler's source that reach {@code call}: a switch case calling it
     * on its own line or through a method of the handler that calls it, or a method that checks
     * for one route key and calls it.
     */
    private static void routeKeysUsing(String code, String call, Pattern routeKey, Set<String> routes) {
        Pattern caseLine = Pattern.compile("case \"((?:GET|POST|PATCH|DELETE) [^\"]+)\" -> (\\w+)\\(([^\\n]*)");
        Map<String, String> caseMethods = new TreeMap<>();
        Matcher cases = caseLine.matcher(code);
        while (cases.find()) {
            caseMethods.put(cases.group(1), cases.group(2));
            if (cases.group(2).equals(call.substring(0, call.indexOf('('))) || cases.group(3).contains(call)) {
                routes.add(cases.group(1));
            }
        }
        for (String method : code.split("\n    (?=(?:private|protected|public) )")) {
            if (!method.contains(call) || method.contains("case \"")) {
                continue;
            }
            Matcher name = Pattern.compile("^[^(]*?(\\w+)\\(").matcher(method);
            String methodName = name.find() ? name.group(1) : "";
            caseMethods.forEach((key, target) -> {
                if (target.equals(methodName)) {
                    routes.add(key);
                }
            });
            Matcher checked = routeKey.matcher(method);
            while (checked.find()) {
                routes.add(checked.group(1));
            }
        }
    }

    private List<Located> parameters(Operation operation) {
        List<Located> parameters = new ArrayList<>();
        String pathPointer = operation.pointer().substring(0, operation.pointer().lastIndexOf('/'));
        for (String owner : List.of(pathPointer, operation.pointer())) {
            JsonNode list = document.root().at(owner).path("parameters");
            for (int i = 0; i < list.size(); i++) {
                parameters.add(document.resolve(new Located(list.get(i), owner + "/parameters/" + i)));
            }
        }
        return parameters;
    }

    /** The error codes a response schema allows: the consts and enums at {@code error.code}, through references and combinations. */
    private Set<String> errorCodes(Located schema) {
        Located at = document.resolve(schema);
        Set<String> codes = new TreeSet<>();
        JsonNode code = at.node().at("/properties/error/properties/code");
        if (code.has("const")) {
            codes.add(code.get("const").asText());
        }
        code.path("enum").forEach(value -> codes.add(value.asText()));
        for (String combination : List.of("allOf", "oneOf", "anyOf")) {
            JsonNode parts = at.node().path(combination);
            for (int i = 0; i < parts.size(); i++) {
                codes.addAll(errorCodes(new Located(parts.get(i), at.pointer() + "/" + combination + "/" + i)));
            }
        }
        return codes;
    }

    private static Set<String> errorsInSource() throws IOException {
        Path root = SamTemplate.repositoryRoot();
        List<Path> sources;
        try (Stream<Path> http = Files.walk(root.resolve("shared/src/main/java/com/hubstatus/http"));
             Stream<Path> functions = Files.walk(root.resolve("functions"))) {
            sources = Stream.concat(http, functions.filter(p -> p.toString().contains("/src/main/java/")))
                    .filter(p -> p.toString().endsWith(".java"))
                    .toList();
        }
        Map<Pattern, String> byStatus = Map.of(
                Pattern.compile("badRequest\\(\\s*\"([A-Z_]+)\""), "400",
                Pattern.compile("conflict\\(\\s*\"([A-Z_]+)\""), "409");
        Pattern withStatus = Pattern.compile(
                "(?:new ApiException\\(|json\\()\\s*(\\d{3})\\s*,\\s*(?:Responses\\.errorBody\\(\\s*)?\"([A-Z_]+)\"");
        Set<String> errors = new TreeSet<>();
        for (Path source : sources) {
            String code = Files.readString(source);
            byStatus.forEach((pattern, status) -> {
                Matcher m = pattern.matcher(code);
                while (m.find()) {
                    errors.add(status + " " + m.group(1));
                }
            });
            Matcher m = withStatus.matcher(code);
            while (m.find()) {
                errors.add(m.group(1) + " " + m.group(2));
            }
        }
        assertTrue(errors.size() > 15, "the source scan found too few codes to be right: " + errors);
        return errors;
    }

    /** Checks every {@code example} against the schema beside it (or the schema it is in), and a schema's {@code examples}. */
    private void examples(JsonNode node, String pointer, List<String> problems) {
        if (!node.isObject()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    examples(node.get(i), pointer + "/" + i, problems);
                }
            }
            return;
        }
        if (node.has("example")) {
            String schema = node.has("schema") ? pointer + "/schema" : pointer;
            document.problems(schema, node.get("example")).forEach(p -> problems.add(pointer + "/example " + p));
        }
        if (node.path("examples").isArray() && !node.has("schema")) {
            for (int i = 0; i < node.get("examples").size(); i++) {
                int index = i;
                document.problems(pointer, node.get("examples").get(i))
                        .forEach(p -> problems.add(pointer + "/examples/" + index + " " + p));
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("example") && !field.getKey().equals("examples")) {
                examples(field.getValue(), pointer + "/" + OpenApiDocument.escape(field.getKey()), problems);
            }
        }
    }

    /** Every {@code schema} of a parameter, header or media type. */
    private void schemasUnder(JsonNode node, String pointer, List<String> problems) {
        node.fields().forEachRemaining(field -> {
            String at = pointer + "/" + OpenApiDocument.escape(field.getKey());
            if (field.getKey().equals("schema") && field.getValue().isObject()) {
                schemaKeywords(field.getValue(), at, problems);
            } else if (field.getValue().isObject() && !at.equals("/components/schemas")) {
                schemasUnder(field.getValue(), at, problems);
            } else if (field.getValue().isArray()) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    if (field.getValue().get(i).isObject()) {
                        schemasUnder(field.getValue().get(i), at + "/" + i, problems);
                    }
                }
            }
        });
    }

    private static void schemaKeywords(JsonNode schema, String pointer, List<String> problems) {
        schema.fieldNames().forEachRemaining(keyword -> {
            if (!SCHEMA_KEYWORDS.contains(keyword)) {
                problems.add(pointer + " uses '" + keyword + "'");
            }
        });
        schema.path("properties").fields().forEachRemaining(property ->
                schemaKeywords(property.getValue(), pointer + "/properties/" + property.getKey(), problems));
        for (String single : List.of("items", "additionalProperties", "not")) {
            if (schema.path(single).isObject()) {
                schemaKeywords(schema.get(single), pointer + "/" + single, problems);
            }
        }
        for (String combination : List.of("allOf", "oneOf", "anyOf")) {
            for (int i = 0; i < schema.path(combination).size(); i++) {
                schemaKeywords(schema.get(combination).get(i), pointer + "/" + combination + "/" + i, problems);
            }
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> stringSet(Class<?> owner, String field) throws ReflectiveOperationException {
        Field f = owner.getDeclaredField(field);
        f.setAccessible(true);
        return ((Set<?>) f.get(null)).stream().map(String.class::cast).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String pattern(Class<?> owner, String field) throws ReflectiveOperationException {
        Field f = owner.getDeclaredField(field);
        f.setAccessible(true);
        return ((Pattern) f.get(null)).pattern();
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
