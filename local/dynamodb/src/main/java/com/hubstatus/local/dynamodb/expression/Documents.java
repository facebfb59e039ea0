package com.hubstatus.local.dynamodb.expression;

import com.hubstatus.local.dynamodb.value.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading and projecting document paths in items. */
public final class Documents {

    private Documents() {
    }

    /** The value at a path, or null when the item has none there. */
    public static Value resolve(Map<String, Value> item, Path path) {
        Value current = item.get(path.attribute());
        List<Path.Element> elements = path.elements();
        for (int i = 1; i < elements.size() && current != null; i++) {
            current = step(current, elements.get(i));
        }
        return current;
    }

    static Value step(Value value, Path.Element element) {
        if (element instanceof Path.Name name) {
            return value instanceof Value.M m ? m.values().get(name.name()) : null;
        }
        int index = ((Path.Index) element).index();
        return value instanceof Value.L l && index < l.values().size() ? l.values().get(index) : null;
    }

    /**
     * The item reduced to the given paths, nested as in the item: list elements picked by index keep
     * their order and close up. Paths that resolve to nothing are left out.
     */
    public static Map<String, Value> project(Map<String, Value> item, List<Path> paths) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Path path : paths) {
            Value value = resolve(item, path);
            if (value != null) {
                insert(tree, path.elements(), 0, value);
            }
        }
        Map<String, Value> projected = new LinkedHashMap<>();
        tree.forEach((name, node) -> projected.put(name, build(node)));
        return projected;
    }

    @SuppressWarnings("unchecked")
    private static void insert(Object container, List<Path.Element> elements, int at, Value value) {
        Path.Element element = elements.get(at);
        Object key = element instanceof Path.Name n ? n.name() : ((Path.Index) element).index();
        Map<Object, Object> children = (Map<Object, Object>) container;
        if (at == elements.size() - 1) {
            children.put(key, value);
            return;
        }
        Object child = children.get(key);
        if (child == null) {
            child = elements.get(at + 1) instanceof Path.Name ? new LinkedHashMap<>() : new TreeMap<>();
            children.put(key, child);
        }
        insert(child, elements, at + 1, value);
    }

    @SuppressWarnings("unchecked")
    private static Value build(Object node) {
        if (node instanceof Value value) {
            return value;
        }
        if (node instanceof TreeMap<?, ?> list) {
            List<Value> values = new ArrayList<>();
            ((TreeMap<Integer, Object>) list).values().forEach(child -> values.add(build(child)));
            return new Value.L(values);
        }
        Map<String, Value> map = new LinkedHashMap<>();
        ((Map<String, Object>) node).forEach((name, child) -> map.put(name, build(child)));
        return new Value.M(map);
    }
}
