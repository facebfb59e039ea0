package com.hubstatus.testbed;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project's AWS SAM template, read as data. Tests and the local stack build what they run
 * from it (the table, the routes, the rules, the schedules), so what runs locally is what deploys.
 */
public final class SamTemplate {

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
            request.localSecondaryIndexes(list(props, "LocalSecondaryIndexes").stream()
                    .map(i -> LocalSecondaryIndex.builder()
                            .indexName((String) i.get("IndexName"))
                            .keySchema(keySchema(i))
                            .projection(projection(i))
                            .build())
                    .toList());
        }
        if (props.containsKey("GlobalSecondaryIndexes")) {
            request.globalSecondaryIndexes(list(props, "GlobalSecondaryIndexes").stream()
                    .map(i -> GlobalSecondaryIndex.builder()
                            .indexName((String) i.get("IndexName"))
                            .keySchema(keySchema(i))
                            .projection(projection(i))
                            .build())
                    .toList());
        }
        return request.build();
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
