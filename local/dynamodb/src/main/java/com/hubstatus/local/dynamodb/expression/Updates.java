package com.hubstatus.local.dynamodb.expression;

import com.hubstatus.local.dynamodb.api.ApiException;
import com.hubstatus.local.dynamodb.value.Numbers;
import com.hubstatus.local.dynamodb.value.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an update expression to an item. Every SET value is computed from the item as it was
 * before the update, as DynamoDB does ({@code SET a = b, b = a} swaps), then the actions are applied.
 */
public final class Updates {

    private Updates() {
    }

    /** Refuses an update that writes a key attribute of the table. */
    public static void checkKeysUntouched(UpdateExpression update, Collection<String> keyAttributes) {
        for (Path path : update.targets()) {
            if (keyAttributes.contains(path.attribute())) {
                throw ApiException.invalidParameter("Cannot update attribute " + path.attribute() + ". This attribute is part of the key");
            }
        }
    }

    public static Map<String, Value> apply(UpdateExpression update, Map<String, Value> before) {
        List<Value> values = new ArrayList<>();
        for (UpdateExpression.Set set : update.sets()) {
            values.add(evaluate(set.value(), before));
        }
        Map<String, Value> item = new LinkedHashMap<>(before);
        for (int i = 0; i < update.sets().size(); i++) {
            item = set(item, update.sets().get(i).path(), values.get(i));
        }
        List<Path> removes = new ArrayList<>(update.removes());
        removes.sort(PATH_ORDER.reversed());
        for (Path path : removes) {
            item = remove(item, path);
        }
        for (UpdateExpression.Add add : update.adds()) {
            item = set(item, add.path(), add(Documents.resolve(item, add.path()), add.value().value()));
        }
        for (UpdateExpression.Delete delete : update.deletes()) {
            Value remaining = delete(Documents.resolve(item, delete.path()), delete.value().value());
            item = remaining == null ? remove(item, delete.path()) : set(item, delete.path(), remaining);
        }
        return item;
    }

    private static Value evaluate(Operand operand, Map<String, Value> item) {
        return switch (operand) {
            case Operand.ValueOperand v -> v.value();
            case Operand.PathOperand p -> require(Documents.resolve(item, p.path()));
            case Operand.IfNotExists ifNotExists -> {
                Value existing = Documents.resolve(item, ifNotExists.path());
                yield existing != null ? existing : evaluate(ifNotExists.fallback(), item);
            }
            case Operand.ListAppend append -> {
                Value first = evaluate(append.first(), item);
                Value second = evaluate(append.second(), item);
                if (!(first instanceof Value.L a) || !(second instanceof Value.L b)) {
                    throw incorrectType();
                }
                List<Value> joined = new ArrayList<>(a.values());
                joined.addAll(b.values());
                yield new Value.L(joined);
            }
            case Operand.Arithmetic arithmetic -> {
                Value left = evaluate(arithmetic.left(), item);
                Value right = evaluate(arithmetic.right(), item);
                if (!(left instanceof Value.N a) || !(right instanceof Value.N b)) {
                    throw incorrectType();
                }
                BigDecimal result = arithmetic.plus() ? a.value().add(b.value()) : a.value().subtract(b.value());
                yield new Value.N(Numbers.checkRange(result));
            }
            case Operand.Size ignored -> throw new IllegalStateException("size() in an update");
        };
    }

    private static Value require(Value value) {
        if (value == null) {
            throw ApiException.validation("The provided expression refers to an attribute that does not exist in the item");
        }
        return value;
    }

    private static Value add(Value existing, Value operand) {
        if (existing == null) {
            return operand;
        }
        return switch (operand) {
            case Value.N n when existing instanceof Value.N e -> new Value.N(Numbers.checkRange(e.value().add(n.value())));
            case Value.SS s when existing instanceof Value.SS e -> new Value.SS(union(e.values(), s.values()));
            case Value.NS s when existing instanceof Value.NS e -> new Value.NS(union(e.values(), s.values()));
            case Value.BS s when existing instanceof Value.BS e -> new Value.BS(union(e.values(), s.values()));
            default -> throw incorrectType();
        };
    }

    /** What is left of a set after DELETE, or null when nothing is. */
    private static Value delete(Value existing, Value operand) {
        if (existing == null) {
            return null;
        }
        return switch (operand) {
            case Value.SS s when existing instanceof Value.SS e -> difference(e.values(), s.values()).isEmpty() ? null
                    : new Value.SS(difference(e.values(), s.values()));
            case Value.NS s when existing instanceof Value.NS e -> difference(e.values(), s.values()).isEmpty() ? null
                    : new Value.NS(difference(e.values(), s.values()));
            case Value.BS s when existing instanceof Value.BS e -> difference(e.values(), s.values()).isEmpty() ? null
                    : new Value.BS(difference(e.values(), s.values()));
            default -> throw incorrectType();
        };
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> union = new LinkedHashSet<>(a);
        union.addAll(b);
        return union;
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> difference = new LinkedHashSet<>(a);
        difference.removeAll(b);
        return difference;
    }

    private static ApiException incorrectType() {
        return ApiException.validation("An operand in the update expression has an incorrect data type");
    }

    private static ApiException invalidPath() {
        return ApiException.validation("The document path provided in the update expression is invalid for update");
    }

    // ---- writing at a path ---------------------------------------------------------------------------

    static Map<String, Value> set(Map<String, Value> item, Path path, Value value) {
        Map<String, Value> result = new LinkedHashMap<>(item);
        List<Path.Element> elements = path.elements();
        if (elements.size() == 1) {
            result.put(path.attribute(), value);
            return result;
        }
        Value top = item.get(path.attribute());
        if (top == null) {
            throw invalidPath();
        }
        result.put(path.attribute(), setIn(top, elements, 1, value));
        return result;
    }

    private static Value setIn(Value container, List<Path.Element> elements, int at, Value value) {
        Path.Element element = elements.get(at);
        boolean last = at == elements.size() - 1;
        if (element instanceof Path.Name name) {
            if (!(container instanceof Value.M m)) {
                throw invalidPath();
            }
            Map<String, Value> map = new LinkedHashMap<>(m.values());
            if (last) {
                map.put(name.name(), value);
            } else {
                Value child = map.get(name.name());
                if (child == null) {
                    throw invalidPath();
                }
                map.put(name.name(), setIn(child, elements, at + 1, value));
            }
            return new Value.M(map);
        }
        int index = ((Path.Index) element).index();
        if (!(container instanceof Value.L l)) {
            throw invalidPath();
        }
        List<Value> list = new ArrayList<>(l.values());
        if (last) {
            if (index >= list.size()) {
                list.add(value);
            } else {
                list.set(index, value);
            }
        } else {
            if (index >= list.size()) {
                throw invalidPath();
            }
            list.set(index, setIn(list.get(index), elements, at + 1, value));
        }
        return new Value.L(list);
    }

    static Map<String, Value> remove(Map<String, Value> item, Path path) {
        Map<String, Value> result = new LinkedHashMap<>(item);
        if (path.isTopLevel()) {
            result.remove(path.attribute());
            return result;
        }
        Value top = item.get(path.attribute());
        if (top == null) {
            return result;
        }
        Value changed = removeIn(top, path.elements(), 1);
        if (changed != null) {
            result.put(path.attribute(), changed);
        }
        return result;
    }

    /** The container without the element, or null when the path does not lead anywhere (nothing to remove). */
    private static Value removeIn(Value container, List<Path.Element> elements, int at) {
        Path.Element element = elements.get(at);
        boolean last = at == elements.size() - 1;
        if (element instanceof Path.Name name) {
            if (!(container instanceof Value.M m) || !m.values().containsKey(name.name())) {
                return null;
            }
            Map<String, Value> map = new LinkedHashMap<>(m.values());
            if (last) {
                map.remove(name.name());
            } else {
                Value child = removeIn(map.get(name.name()), elements, at + 1);
                if (child == null) {
                    return null;
                }
                map.put(name.name(), child);
            }
            return new Value.M(map);
        }
        int index = ((Path.Index) element).index();
        if (!(container instanceof Value.L l) || index >= l.values().size()) {
            return null;
        }
        List<Value> list = new ArrayList<>(l.values());
        if (last) {
            list.remove(index);
        } else {
            Value child = removeIn(list.get(index), elements, at + 1);
            if (child == null) {
                return null;
            }
            list.set(index, child);
        }
        return new Value.L(list);
    }

    /** Paths in element order, list indexes by number, so that sorting removals backwards removes higher indexes first. */
    private static final Comparator<Path> PATH_ORDER = (a, b) -> {
        List<Path.Element> x = a.elements();
        List<Path.Element> y = b.elements();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = compare(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    };

    private static int compare(Path.Element a, Path.Element b) {
        if (a instanceof Path.Index i && b instanceof Path.Index j) {
            return Integer.compare(i.index(), j.index());
        }
        return a.toString().compareTo(b.toString());
    }
}
