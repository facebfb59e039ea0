package com.hubstatus.local.dynamodb.expression;

import java.util.List;

/** A document path such as {@code a.b[2].c}: a top-level attribute name, then map keys and list indexes. */
public record Path(List<Element> elements) {

    public Path {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.getFirst() instanceof Name)) {
            throw new IllegalArgumentException("a path starts with an attribute name");
        }
    }

    /** The top-level attribute the path starts from. */
    public String attribute() {
        return ((Name) elements.getFirst()).name();
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    public sealed interface Element {
    }

    public record Name(String name) implements Element {
        @Override
        public String toString() {
            return name;
        }
    }

    public record Index(int index) implements Element {
        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /** As DynamoDB prints a path in its messages: {@code [a, b, [2]]}. */
    @Override
    public String toString() {
        return elements.toString();
    }
}
