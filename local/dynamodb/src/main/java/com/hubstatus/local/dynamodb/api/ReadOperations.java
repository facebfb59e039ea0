package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.expression.Condition;
import com.hubstatus.local.dynamodb.expression.Conditions;
import com.hubstatus.local.dynamodb.expression.Documents;
import com.hubstatus.local.dynamodb.expression.ExpressionAttributes;
import com.hubstatus.local.dynamodb.expression.ExpressionParser;
import com.hubstatus.local.dynamodb.expression.Operand;
import com.hubstatus.local.dynamodb.expression.Path;
import com.hubstatus.local.dynamodb.storage.IndexSchema;
import com.hubstatus.local.dynamodb.storage.KeyEncoding;
import com.hubstatus.local.dynamodb.storage.KeySchema;
import com.hubstatus.local.dynamodb.storage.Table;
import com.hubstatus.local.dynamodb.storage.TableSchema;
import com.hubstatus.local.dynamodb.value.ItemSize;
import com.hubstatus.local.dynamodb.value.Value;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Query and Scan: a range of a table's or an index's sorted map, read in order until Limit items
 * were read or 1 MB was, the filter applied to what was read. Count is what matched, ScannedCount
 * what was read, and LastEvaluatedKey is where a page that stopped early stopped.
 */
final class ReadOperations {

    static final int PAGE_BYTES = 1024 * 1024;
    private static final Set<String> SELECT = Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

    private final DynamoDbService service;

    ReadOperations(DynamoDbService service) {
        this.service = service;
    }

    ObjectNode query(Request request) {
        Table table = service.tableOf(request);
        TableSchema schema = table.schema();
        IndexSchema index = index(request, schema);
        KeySchema keys = index == null ? schema.keys() : index.keys();
        ExpressionAttributes attributes = request.expressionAttributes();
        String keyText = request.string("KeyConditionExpression");
        if (keyText == null) {
            throw ApiException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Condition keyCondition = ExpressionParser.condition("KeyConditionExpression", keyText, attributes);
        Condition filter = filter(request, attributes);
        List<Path> projection = ItemOperations.projection(request, attributes);
        attributes.checkAllUsed(true);
        KeyRange range = KeyRange.of(keyCondition, keys);
        if (filter != null) {
            for (String attribute : topLevelAttributes(filter)) {
                if (keys.names().contains(attribute)) {
                    throw ApiException.validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: " + attribute);
                }
            }
        }
        Page page = new Page(request, table, index, filter, projection);
        page.exclusiveStart(range.hashPrefix());
        page.read(range.lower(), range.upperExclusive(), request.bool("ScanIndexForward", true), null);
        return page.response();
    }

    ObjectNode scan(Request request) {
        Table table = service.tableOf(request);
        TableSchema schema = table.schema();
        IndexSchema index = index(request, schema);
        ExpressionAttributes attributes = request.expressionAttributes();
        Condition filter = filter(request, attributes);
        List<Path> projection = ItemOperations.projection(request, attributes);
        attributes.checkAllUsed(filter != null || projection != null);
        Integer segment = request.integer("Segment");
        Integer totalSegments = request.integer("TotalSegments");
        Segment part = null;
        if (segment != null || totalSegments != null) {
            if (totalSegments == null) {
                throw ApiException.validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
            }
            if (segment == null) {
                throw ApiException.validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
            }
            if (totalSegments < 1 || totalSegments > 1_000_000) {
                throw ApiException.validation("1 validation error detected: Value '" + totalSegments
                        + "' at 'totalSegments' failed to satisfy constraint: Member must have value between 1 and 1000000");
            }
            if (segment < 0 || segment >= totalSegments) {
                throw ApiException.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
                        + segment + " is not less than TotalSegments: " + totalSegments);
            }
            part = new Segment(segment, totalSegments, index == null ? schema.keys() : index.keys());
        }
        Page page = new Page(request, table, index, filter, projection);
        page.exclusiveStart(null);
        page.read(null, null, true, part);
        return page.response();
    }

    private static IndexSchema index(Request request, TableSchema schema) {
        String name = request.string("IndexName");
        if (name == null) {
            return null;
        }
        Request.checkName(name, "IndexName");
        IndexSchema index = schema.index(name).orElseThrow(() ->
                ApiException.validation("The table does not have the specified index: " + name));
        if (index.global() && request.bool("ConsistentRead", false)) {
            throw ApiException.validation("Consistent reads are not supported on global secondary indexes");
        }
        return index;
    }

    private static Condition filter(Request request, ExpressionAttributes attributes) {
        String text = request.string("FilterExpression");
        return text == null ? null : ExpressionParser.condition("FilterExpression", text, attributes);
    }

    /** The top-level attribute names a condition reads. */
    private static Set<String> topLevelAttributes(Condition condition) {
        Set<String> names = new LinkedHashSet<>();
        collect(condition, names);
        return names;
    }

    private static void collect(Condition condition, Set<String> names) {
        switch (condition) {
            case Condition.And and -> {
                collect(and.left(), names);
                collect(and.right(), names);
            }
            case Condition.Or or -> {
                collect(or.left(), names);
                collect(or.right(), names);
            }
            case Condition.Not not -> collect(not.condition(), names);
            case Condition.Compare compare -> {
                collect(compare.left(), names);
                collect(compare.right(), names);
            }
            case Condition.Between between -> List.of(between.value(), between.low(), between.high()).forEach(o -> collect(o, names));
            case Condition.In in -> {
                collect(in.value(), names);
                in.options().forEach(o -> collect(o, names));
            }
            case Condition.Function function -> function.arguments().forEach(o -> collect(o, names));
        }
    }

    private static void collect(Operand operand, Set<String> names) {
        if (operand instanceof Operand.PathOperand path) {
            names.add(path.path().attribute());
        } else if (operand instanceof Operand.Size size) {
            names.add(size.path().attribute());
        }
    }

    /** Which part of a parallel Scan an item's partition belongs to. */
    private record Segment(int segment, int total, KeySchema keys) {
        boolean contains(Map<String, Value> item) {
            byte[] partition = KeyEncoding.encode(item.get(keys.hash().name()));
            return Math.floorMod(Arrays.hashCode(partition), total) == segment;
        }
    }

    /** One page of a Query or Scan. */
    private final class Page {
        private final Table table;
        private final TableSchema schema;
        private final IndexSchema index;
        private final Condition filter;
        private final List<Path> projection;
        private final String select;
        private final Integer limit;
        private final boolean consistent;
        private final String mode;
        private final boolean fetchFromTable;
        private byte[] startAfter;
        private final List<Map<String, Value>> items = new ArrayList<>();
        private int scanned;
        private long bytesRead;
        private Map<String, Value> lastRead;
        private boolean stoppedEarly;

        Page(Request request, Table table, IndexSchema index, Condition filter, List<Path> projection) {
            this.table = table;
            this.schema = table.schema();
            this.index = index;
            this.filter = filter;
            this.projection = projection;
            this.limit = request.integer("Limit");
            if (limit != null && limit < 1) {
                throw ApiException.validation("1 validation error detected: Value '" + limit
                        + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
            }
            this.consistent = request.bool("ConsistentRead", false);
            this.mode = request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE");
            this.select = select(request);
            Set<String> needed = new HashSet<>();
            if (filter != null) {
                needed.addAll(topLevelAttributes(filter));
            }
            if (projection != null) {
                projection.forEach(p -> needed.add(p.attribute()));
            }
            boolean allAttributes = select.equals("ALL_ATTRIBUTES");
            this.fetchFromTable = index != null && !index.global() && !index.projectsAll()
                    && (allAttributes || needed.stream().anyMatch(a -> !index.projects(a, schema.keys())));
            startAfter = null;
            exclusiveStartKey = request.item("ExclusiveStartKey");
        }

        private final Map<String, Value> exclusiveStartKey;

        private String select(Request request) {
            String chosen = request.choice("Select", SELECT, null);
            if (chosen == null) {
                if (projection != null) {
                    return "SPECIFIC_ATTRIBUTES";
                }
                return index == null ? "ALL_ATTRIBUTES" : "ALL_PROJECTED_ATTRIBUTES";
            }
            if (projection != null && !chosen.equals("SPECIFIC_ATTRIBUTES")) {
                throw ApiException.validation("Cannot specify the ProjectionExpression when choosing to get " + chosen);
            }
            if (projection == null && chosen.equals("SPECIFIC_ATTRIBUTES")) {
                throw ApiException.validation("Select type SPECIFIC_ATTRIBUTES needs a ProjectionExpression");
            }
            if (chosen.equals("ALL_PROJECTED_ATTRIBUTES") && index == null) {
                throw ApiException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
            }
            if (chosen.equals("ALL_ATTRIBUTES") && index != null && index.global() && !index.projectsAll()) {
                throw ApiException.invalidParameter("Select type ALL_ATTRIBUTES is not supported for global secondary index "
                        + index.name() + " because its projection type is not ALL");
            }
            return chosen;
        }

        /** Checks ExclusiveStartKey and turns it into the position to continue after. */
        void exclusiveStart(byte[] hashPrefix) {
            if (exclusiveStartKey == null) {
                return;
            }
            Set<String> expected = new LinkedHashSet<>(schema.keys().names());
            if (index != null) {
                expected.addAll(index.keys().names());
            }
            boolean matches = exclusiveStartKey.keySet().equals(expected) && schema.keys().covers(exclusiveStartKey)
                    && (index == null || index.keys().covers(exclusiveStartKey));
            if (!matches) {
                throw ApiException.validation("The provided starting key is invalid: The provided key element does not match the schema");
            }
            startAfter = index == null ? schema.keys().encode(exclusiveStartKey) : index.entryKey(exclusiveStartKey, schema.keys());
            if (hashPrefix != null && !startsWith(startAfter, hashPrefix)) {
                throw ApiException.validation("The provided starting key is outside query boundaries based on provided conditions");
            }
        }

        void read(byte[] lower, byte[] upperExclusive, boolean forward, Segment segment) {
            MVMap<byte[], Map<String, Value>> map = index == null ? table.items() : table.index(index.name());
            if (startAfter != null) {
                if (forward) {
                    byte[] after = Arrays.copyOf(startAfter, startAfter.length + 1);
                    lower = lower == null || Arrays.compareUnsigned(after, lower) > 0 ? after : lower;
                } else {
                    upperExclusive = upperExclusive == null || Arrays.compareUnsigned(startAfter, upperExclusive) < 0
                            ? startAfter : upperExclusive;
                }
            }
            if (forward) {
                for (Cursor<byte[], Map<String, Value>> cursor = map.cursor(lower); cursor.hasNext(); ) {
                    byte[] key = cursor.next();
                    if (upperExclusive != null && Arrays.compareUnsigned(key, upperExclusive) >= 0) {
                        break;
                    }
                    if (visit(cursor.getValue(), segment)) {
                        break;
                    }
                }
            } else {
                byte[] start = upperExclusive == null ? map.lastKey() : map.lowerKey(upperExclusive);
                if (start == null) {
                    return;
                }
                for (Cursor<byte[], Map<String, Value>> cursor = map.cursor(start, null, true); cursor.hasNext(); ) {
                    byte[] key = cursor.next();
                    if (lower != null && Arrays.compareUnsigned(key, lower) < 0) {
                        break;
                    }
                    if (visit(cursor.getValue(), segment)) {
                        break;
                    }
                }
            }
        }

        /** Reads one entry; true when the page is full. */
        private boolean visit(Map<String, Value> entry, Segment segment) {
            if (segment != null && !segment.contains(entry)) {
                return false;
            }
            scanned++;
            bytesRead += ItemSize.of(entry);
            lastRead = entry;
            Map<String, Value> item = entry;
            if (fetchFromTable) {
                item = table.items().get(schema.keys().encode(entry));
            }
            if (item != null && (filter == null || Conditions.test(filter, item))) {
                items.add(item);
            }
            if (limit != null && scanned >= limit || bytesRead >= PAGE_BYTES) {
                stoppedEarly = true;
                return true;
            }
            return false;
        }

        ObjectNode response() {
            ObjectNode response = JsonNodeFactory.instance.objectNode();
            if (!select.equals("COUNT")) {
                ArrayNode array = response.putArray("Items");
                for (Map<String, Value> item : items) {
                    array.add(AttributeJson.toJson(projection == null ? item : Documents.project(item, projection)));
                }
            }
            response.put("Count", items.size());
            response.put("ScannedCount", scanned);
            if (stoppedEarly && lastRead != null) {
                Map<String, Value> key = new LinkedHashMap<>(schema.keys().extract(lastRead));
                if (index != null) {
                    key.putAll(index.keys().extract(lastRead));
                }
                response.set("LastEvaluatedKey", AttributeJson.toJson(key));
            }
            Capacity capacity = Capacity.read(schema.name());
            double units = Capacity.readUnits(bytesRead, consistent);
            if (index == null) {
                capacity.addTable(units);
            } else {
                capacity.addIndex(index, units);
            }
            ItemOperations.putCapacity(response, capacity, mode);
            return response;
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * A key condition as a range of encoded keys: the partition's prefix, narrowed by the sort key
     * condition if there is one.
     */
    record KeyRange(byte[] hashPrefix, byte[] lower, byte[] upperExclusive) {

        static KeyRange of(Condition condition, KeySchema keys) {
            List<Condition> parts = new ArrayList<>();
            flatten(condition, parts);
            if (parts.size() > 2) {
                throw invalid("KeyConditionExpressions must only contain one condition per key");
            }
            Value hash = null;
            Condition sort = null;
            for (Condition part : parts) {
                Path path = keyPath(part);
                String attribute = path.attribute();
                if (!path.isTopLevel() || !keys.names().contains(attribute)) {
                    throw ApiException.validation("Query condition missed key schema element" + (keys.range() == null
                            ? ": " + keys.hash().name() : ""));
                }
                if (attribute.equals(keys.hash().name())) {
                    if (hash != null) {
                        throw invalid("KeyConditionExpressions must only contain one condition per key");
                    }
                    if (!(part instanceof Condition.Compare compare) || compare.comparator() != Condition.Comparator.EQ) {
                        throw ApiException.validation("Query key condition not supported");
                    }
                    hash = checkType(valueOf(compare.left(), compare.right()), keys.hash());
                } else {
                    if (sort != null) {
                        throw invalid("KeyConditionExpressions must only contain one condition per key");
                    }
                    sort = part;
                }
            }
            if (hash == null) {
                throw ApiException.validation("Query condition missed key schema element: " + keys.hash().name());
            }
            byte[] prefix = KeyEncoding.encode(hash);
            if (sort == null) {
                return new KeyRange(prefix, prefix, KeyEncoding.successor(prefix));
            }
            KeySchema.Attribute range = keys.range();
            return switch (sort) {
                case Condition.Compare compare -> {
                    Condition.Comparator comparator = compare.left() instanceof Operand.PathOperand
                            ? compare.comparator() : flip(compare.comparator());
                    byte[] at = concat(prefix, KeyEncoding.encode(checkType(valueOf(compare.left(), compare.right()), range)));
                    yield switch (comparator) {
                        case EQ -> new KeyRange(prefix, at, KeyEncoding.successor(at));
                        case LT -> new KeyRange(prefix, prefix, at);
                        case LE -> new KeyRange(prefix, prefix, KeyEncoding.successor(at));
                        case GT -> new KeyRange(prefix, KeyEncoding.successor(at), KeyEncoding.successor(prefix));
                        case GE -> new KeyRange(prefix, at, KeyEncoding.successor(prefix));
                        case NE -> throw invalid("Invalid operator used in KeyConditionExpression: <>");
                    };
                }
                case Condition.Between between -> {
                    if (!(between.low() instanceof Operand.ValueOperand low) || !(between.high() instanceof Operand.ValueOperand high)) {
                        throw ApiException.validation("Query key condition not supported");
                    }
                    byte[] from = concat(prefix, KeyEncoding.encode(checkType(low.value(), range)));
                    byte[] to = concat(prefix, KeyEncoding.encode(checkType(high.value(), range)));
                    yield new KeyRange(prefix, from, KeyEncoding.successor(to));
                }
                case Condition.Function function when function.name().equals("begins_with") -> {
                    if (!(function.arguments().get(1) instanceof Operand.ValueOperand value)) {
                        throw ApiException.validation("Query key condition not supported");
                    }
                    if (range.type().equals("N")) {
                        throw invalid("Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
                    }
                    byte[] start = concat(prefix, KeyEncoding.prefix(checkType(value.value(), range)));
                    yield new KeyRange(prefix, start, KeyEncoding.successor(start));
                }
                default -> throw ApiException.validation("Query key condition not supported");
            };
        }

        private static void flatten(Condition condition, List<Condition> parts) {
            switch (condition) {
                case Condition.And and -> {
                    flatten(and.left(), parts);
                    flatten(and.right(), parts);
                }
                case Condition.Or ignored -> throw invalid("Invalid operator used in KeyConditionExpression: OR");
                case Condition.Not ignored -> throw invalid("Invalid operator used in KeyConditionExpression: NOT");
                case Condition.In ignored -> throw invalid("Invalid operator used in KeyConditionExpression: IN");
                case Condition.Function function when !function.name().equals("begins_with") ->
                        throw invalid("Invalid operator used in KeyConditionExpression: " + function.name());
                default -> parts.add(condition);
            }
        }

        private static Path keyPath(Condition part) {
            Operand operand = switch (part) {
                case Condition.Compare compare -> compare.left() instanceof Operand.PathOperand ? compare.left() : compare.right();
                case Condition.Between between -> between.value();
                case Condition.Function function -> function.arguments().getFirst();
                default -> null;
            };
            if (!(operand instanceof Operand.PathOperand path)) {
                throw ApiException.validation("Query key condition not supported");
            }
            return path.path();
        }

        private static Value valueOf(Operand left, Operand right) {
            Operand value = left instanceof Operand.PathOperand ? right : left;
            if (!(value instanceof Operand.ValueOperand v)) {
                throw ApiException.validation("Query key condition not supported");
            }
            return v.value();
        }

        private static Value checkType(Value value, KeySchema.Attribute attribute) {
            if (!value.type().equals(attribute.type())) {
                throw ApiException.invalidParameter("Condition parameter type does not match schema type");
            }
            return value;
        }

        private static Condition.Comparator flip(Condition.Comparator comparator) {
            return switch (comparator) {
                case LT -> Condition.Comparator.GT;
                case LE -> Condition.Comparator.GE;
                case GT -> Condition.Comparator.LT;
                case GE -> Condition.Comparator.LE;
                default -> comparator;
            };
        }

        private static byte[] concat(byte[] a, byte[] b) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
            out.writeBytes(a);
            out.writeBytes(b);
            return out.toByteArray();
        }

        private static ApiException invalid(String detail) {
            return ApiException.validation("Invalid KeyConditionExpression: " + detail);
        }
    }
}
