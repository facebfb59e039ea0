package com.hubstatus.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubstatus.local.emulators.eventbridge.EventPattern;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The project's AWS SAM template, read as data. Tests and the local stack build what they run
 * from it (the table, the routes, the rules, the schedules), so what runs locally is what deploys.
 */
public final class SamTemplate {

    /** Turns a rule's pattern, read as YAML, into the JSON EventBridge matches with. */
    private static final ObjectMapper PATTERN_JSON = new ObjectMapper();

    private final Path path;
    private final Map<String, Object> root;

    private SamTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    public static SamTemplate load(Path path) {
        try {
            Object parsed = CloudFormationYaml.parse(Files.readString(path));
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(path + " is not a YAML mapping");
            }
            return new SamTemplate(path, cast(map));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The template at the repository root. */
    public static SamTemplate ofRepository() {
        return load(repositoryRoot().resolve("template.yaml"));
    }

    /**
     * The repository root: the {@code hubstatus.root} system property (the build sets it), else
     * the nearest folder upwards from the working directory that holds {@code template.yaml}.
     */
    public static Path repositoryRoot() {
        String configured = System.getProperty("hubstatus.root");
        if (configured != null && Files.exists(Paths.get(configured, "template.yaml"))) {
            return Paths.get(configured).toAbsolutePath();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("template.yaml not found above " + Paths.get("").toAbsolutePath());
    }

    public Path path() {
        return path;
    }

    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root, "Resources");
    }

    public Map<String, Object> resource(String logicalId) {
        Object resource = resources().get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
        }
        return cast((Map<?, ?>) resource);
    }

    /** Logical id to resource, for every resource of {@code type}, in template order. */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            Map<String, Object> r = cast((Map<?, ?>) resource);
            if (type.equals(r.get("Type"))) {
                found.put(id, r);
            }
        });
        return found;
    }

    public Map<String, Object> globals(String section) {
        if (!root.containsKey("Globals")) {
            return Map.of();
        }
        Map<String, Object> globals = map(root, "Globals");
        return globals.containsKey(section) ? map(globals, section) : Map.of();
    }

    /** The table resource's definition as a CreateTable request for {@code tableName}. */
    public CreateTableRequest createTableRequest(String logicalId, String tableName) {
        Map<String, Object> table = resource(logicalId);
        if (!"AWS::DynamoDB::Table".equals(table.get("Type"))) {
            throw new IllegalArgumentException(logicalId + " is not an AWS::DynamoDB::Table");
        }
        Map<String, Object> props = map(table, "Properties");
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.fromValue((String) props.get("BillingMode")))
                .attributeDefinitions(list(props, "AttributeDefinitions").stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType"))
                                .build())
                        .toList())
                .keySchema(keySchema(props));
        if (props.containsKey("LocalSecondaryIndexes")) {
            request.localSecondaryIndexes(indexes(props, "LocalSecondaryIndexes", (name, keys, projection) ->
                    LocalSecondaryIndex.builder().indexName(name).keySchema(keys).projection(projection).build()));
        }
        if (props.containsKey("GlobalSecondaryIndexes")) {
            request.globalSecondaryIndexes(indexes(props, "GlobalSecondaryIndexes", (name, keys, projection) ->
                    GlobalSecondaryIndex.builder().indexName(name).keySchema(keys).projection(projection).build()));
        }
        return request.build();
    }

    /** Builds one index of the SDK's kind from a name, a key schema and a projection. */
    @FunctionalInterface
    private interface IndexBuilder<T> {
        T build(String name, List<KeySchemaElement> keys, Projection projection);
    }

    /** The table's indexes of one kind ({@code LocalSecondaryIndexes} or {@code GlobalSecondaryIndexes}). */
    private static <T> List<T> indexes(Map<String, Object> props, String kind, IndexBuilder<T> index) {
        return list(props, kind).stream()
                .map(i -> index.build((String) i.get("IndexName"), keySchema(i), projection(i)))
                .toList();
    }

    /**
     * The template's {@code AWS::Serverless::Function}s in template order, with Globals merged in
     * and every value resolved by {@code values}.
     */
    public List<SamFunction> functions(StackValues values) {
        Map<String, Object> globals = globals("Function");
        List<SamFunction> functions = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function").forEach((id, resource) -> {
            Map<String, Object> props = resource.containsKey("Properties") ? map(resource, "Properties") : Map.of();
            functions.add(function(id, props, globals, values));
        });
        return functions;
    }

    private SamFunction function(String id, Map<String, Object> props, Map<String, Object> globals, StackValues values) {
        String handler = values.string(props.getOrDefault("Handler", globals.get("Handler")));
        if (handler == null || handler.isBlank()) {
            throw new IllegalArgumentException("function " + id + " has no Handler");
        }
        int separator = handler.indexOf("::");
        Object timeout = props.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3));
        Object memory = props.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128));
        Object invokeConfig = props.getOrDefault("EventInvokeConfig", globals.get("EventInvokeConfig"));
        int retries = 2;
        if (invokeConfig instanceof Map<?, ?> config && config.containsKey("MaximumRetryAttempts")) {
            retries = Integer.parseInt(values.string(config.get("MaximumRetryAttempts")));
        }

        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> owner : List.of(globals, props)) {
            variables(owner).forEach((name, value) -> {
                String resolved = values.string(value);
                if (resolved == null) {
                    environment.remove(name);
                } else {
                    environment.put(name, resolved);
                }
            });
        }

        List<SamFunction.HttpApiRoute> routes = new ArrayList<>();
        List<SamFunction.EventRule> rules = new ArrayList<>();
        List<SamFunction.Schedule> schedules = new ArrayList<>();
        List<String> others = new ArrayList<>();
        Map<String, Object> events = props.containsKey("Events") ? map(props, "Events") : Map.of();
        events.forEach((name, declared) -> {
            Map<String, Object> event = cast((Map<?, ?>) declared);
            String type = (String) event.get("Type");
            Map<String, Object> eventProps = event.containsKey("Properties") ? map(event, "Properties") : Map.of();
            switch (type) {
                case "HttpApi" -> routes.add(route(name, eventProps, values));
                case "EventBridgeRule" -> rules.add(rule(id, name, eventProps, values));
                case "Schedule" -> schedules.add(new SamFunction.Schedule(name,
                        values.string(eventProps.get("Schedule")),
                        eventProps.containsKey("Input") ? values.string(eventProps.get("Input")) : null,
                        isEnabled(eventProps, values)));
                default -> others.add(name + " (" + type + ")");
            }
        });
        return new SamFunction(id,
                separator < 0 ? handler : handler.substring(0, separator),
                separator < 0 ? "handleRequest" : handler.substring(separator + 2),
                Duration.ofSeconds(Long.parseLong(values.string(timeout))),
                Integer.parseInt(values.string(memory)),
                retries, environment, routes, rules, schedules, others);
    }

    private static Map<String, Object> variables(Map<String, Object> owner) {
        if (!(owner.get("Environment") instanceof Map<?, ?> environment)) {
            return Map.of();
        }
        return environment.get("Variables") instanceof Map<?, ?> variables ? cast(variables) : Map.of();
    }

    private SamFunction.HttpApiRoute route(String name, Map<String, Object> props, StackValues values) {
        String method = props.containsKey("Method") ? values.string(props.get("Method")).toUpperCase(Locale.ROOT) : "ANY";
        String path = props.containsKey("Path") ? values.string(props.get("Path")) : "$default";
        // ApiId is a !Ref to the API's logical id; without one, SAM builds an implicit API.
        String apiId = props.get("ApiId") instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id
                ? id : "ServerlessHttpApi";
        Map<String, Object> routeAuth = props.containsKey("Auth") ? map(props, "Auth") : Map.of();
        Map<String, Object> apiAuth = apiAuth(apiId);
        Object authorizerName = routeAuth.getOrDefault("Authorizer", apiAuth.get("DefaultAuthorizer"));
        SamFunction.JwtAuthorizer authorizer = null;
        if (authorizerName != null && !"NONE".equals(authorizerName)) {
            authorizer = jwtAuthorizer(apiId, (String) authorizerName, apiAuth, values);
        }
        List<String> scopes = routeAuth.containsKey("AuthorizationScopes")
                ? values.list(routeAuth.get("AuthorizationScopes")) : List.of();
        return new SamFunction.HttpApiRoute(name, method, path, apiId, authorizer, scopes);
    }

    private Map<String, Object> apiAuth(String apiId) {
        Object api = resources().get(apiId);
        if (!(api instanceof Map<?, ?> resource) || !(resource.get("Properties") instanceof Map<?, ?> props)) {
            return Map.of();
        }
        return props.get("Auth") instanceof Map<?, ?> auth ? cast(auth) : Map.of();
    }

    private static SamFunction.JwtAuthorizer jwtAuthorizer(String apiId, String name, Map<String, Object> apiAuth,
                                                           StackValues values) {
        Object declared = apiAuth.get("Authorizers") instanceof Map<?, ?> all ? all.get(name) : null;
        if (!(declared instanceof Map<?, ?> authorizer)) {
            throw new IllegalArgumentException("API " + apiId + " declares no authorizer " + name);
        }
        if (!(authorizer.get("JwtConfiguration") instanceof Map<?, ?> jwt)) {
            throw new IllegalArgumentException("authorizer " + name + " of API " + apiId
                    + " is not a JWT authorizer; only JWT authorizers are run locally");
        }
        Object source = authorizer.get("IdentitySource");
        return new SamFunction.JwtAuthorizer(name,
                source == null ? "$request.header.Authorization" : values.string(source),
                values.string(jwt.get("issuer")),
                values.list(jwt.get("audience")));
    }

    private static SamFunction.EventRule rule(String function, String name, Map<String, Object> props,
                                              StackValues values) {
        JsonNode pattern = PATTERN_JSON.valueToTree(props.get("Pattern"));
        String bus = props.containsKey("EventBusName") ? values.string(props.get("EventBusName")) : "default";
        EventPattern matcher;
        try {
            matcher = EventPattern.of(pattern);
        } catch (IllegalArgumentException refused) {
            throw new IllegalArgumentException("the EventBridgeRule " + name + " of " + function
                    + " has a Pattern EventBridge refuses: " + refused.getMessage() + " (in " + pattern + ")", refused);
        }
        return new SamFunction.EventRule(name, bus, pattern, matcher, isEnabled(props, values));
    }

    /** {@code Enabled: false} or {@code State: DISABLED} turns an event source off. */
    private static boolean isEnabled(Map<String, Object> props, StackValues values) {
        if (props.containsKey("Enabled")) {
            return Boolean.parseBoolean(values.string(props.get("Enabled")));
        }
        return !props.containsKey("State") || "ENABLED".equals(values.string(props.get("State")));
    }

    /** The table's TTL attribute, if TTL is enabled. */
    public Optional<String> timeToLiveAttribute(String logicalId) {
        Map<String, Object> props = map(resource(logicalId), "Properties");
        if (!props.containsKey("TimeToLiveSpecification")) {
            return Optional.empty();
        }
        Map<String, Object> ttl = map(props, "TimeToLiveSpecification");
        return Boolean.TRUE.equals(ttl.get("Enabled")) ? Optional.of((String) ttl.get("AttributeName")) : Optional.empty();
    }

    private static List<KeySchemaElement> keySchema(Map<String, Object> owner) {
        return list(owner, "KeySchema").stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType"))
                        .build())
                .toList();
    }

    private static Projection projection(Map<String, Object> index) {
        Map<String, Object> projection = map(index, "Projection");
        Projection.Builder builder = Projection.builder().projectionType((String) projection.get("ProjectionType"));
        if (projection.containsKey("NonKeyAttributes")) {
            builder.nonKeyAttributes(((List<?>) projection.get("NonKeyAttributes")).stream().map(String.class::cast).toList());
        }
        return builder.build();
    }

    static Map<String, Object> map(Map<String, Object> owner, String key) {
        Object value = owner.get(key);
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a mapping at " + key);
        }
        return cast(map);
    }

    static List<Map<String, Object>> list(Map<String, Object> owner, String key) {
        Object value = owner.get(key);
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException("expected a list at " + key);
        }
        return items.stream().map(item -> cast((Map<?, ?>) item)).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
