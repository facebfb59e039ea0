package com.hubstatus.local.dynamodb.expression;

import com.hubstatus.local.dynamodb.value.Value;
import com.hubstatus.local.dynamodb.value.Values;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Evaluates a parsed condition against an item (an empty map for an item that does not exist).
 * A comparison whose operands are missing or of different types is false, except {@code <>}, which
 * is then true.
 */
public final class Conditions {

    private Conditions() {
    }

    public static boolean test(Condition condition, Map<String, Value> item) {
        return switch (condition) {
            case Condition.And and -> test(and.left(), item) && test(and.right(), item);
            case Condition.Or or -> test(or.left(), item) || test(or.right(), item);
            case Condition.Not not -> !test(not.condition(), item);
            case Condition.Compare compare -> compare(compare, item);
            case Condition.Between between -> {
                Value value = operand(between.value(), item);
                Value low = operand(between.low(), item);
                Value high = operand(between.high(), item);
                yield ordered(value, low) && ordered(value, high)
                        && Values.compare(low, value) <= 0 && Values.compare(value, high) <= 0;
            }
            case Condition.In in -> {
                Value value = operand(in.value(), item);
                yield value != null && in.options().stream().anyMatch(o -> value.equals(operand(o, item)));
            }
            case Condition.Function function -> function(function, item);
        };
    }

    private static boolean compare(Condition.Compare compare, Map<String, Value> item) {
        Value left = operand(compare.left(), item);
        Value right = operand(compare.right(), item);
        return switch (compare.comparator()) {
            case EQ -> left != null && left.equals(right);
            case NE -> left == null || !left.equals(right);
            case LT -> ordered(left, right) && Values.compare(left, right) < 0;
            case LE -> ordered(left, right) && Values.compare(left, right) <= 0;
            case GT -> ordered(left, right) && Values.compare(left, right) > 0;
            case GE -> ordered(left, right) && Values.compare(left, right) >= 0;
        };
    }

    private static boolean ordered(Value a, Value b) {
        return a != null && b != null && Values.isOrdered(a) && a.getClass() == b.getClass();
    }

    private static boolean function(Condition.Function function, Map<String, Value> item) {
        Value first = operand(function.arguments().getFirst(), item);
        return switch (function.name()) {
            case "attribute_exists" -> first != null;
            case "attribute_not_exists" -> first == null;
            case "attribute_type" -> first != null
                    && first.type().equals(((Value.S) operand(function.arguments().get(1), item)).value());
            case "begins_with" -> {
                Value prefix = operand(function.arguments().get(1), item);
                if (first instanceof Value.S s && prefix instanceof Value.S p) {
                    yield s.value().startsWith(p.value());
                }
                yield first instanceof Value.B b && prefix instanceof Value.B p && b.value().startsWith(p.value());
            }
            case "contains" -> contains(first, operand(function.arguments().get(1), item));
            default -> throw new IllegalStateException("unknown function " + function.name());
        };
    }

    private static boolean contains(Value container, Value part) {
        if (container == null || part == null) {
            return false;
        }
        return switch (container) {
            case Value.S s -> part instanceof Value.S p && s.value().contains(p.value());
            case Value.B b -> part instanceof Value.B p && b.value().contains(p.value());
            case Value.SS ss -> part instanceof Value.S p && ss.values().contains(p.value());
            case Value.NS ns -> part instanceof Value.N p && ns.values().contains(p.value());
            case Value.BS bs -> part instanceof Value.B p && bs.values().contains(p.value());
            case Value.L l -> l.values().contains(part);
            default -> false;
        };
    }

    /** An operand's value in the item, or null when it has none. */
    static Value operand(Operand operand, Map<String, Value> item) {
        return switch (operand) {
            case Operand.ValueOperand v -> v.value();
            case Operand.PathOperand p -> Documents.resolve(item, p.path());
            case Operand.Size size -> size(Documents.resolve(item, size.path()));
            default -> throw new IllegalStateException("an update operand in a condition: " + operand);
        };
    }

    private static Value size(Value value) {
        if (value == null) {
            return null;
        }
        int size = switch (value) {
            case Value.S s -> s.value().length();
            case Value.B b -> b.value().length();
            case Value.SS ss -> ss.values().size();
            case Value.NS ns -> ns.values().size();
            case Value.BS bs -> bs.values().size();
            case Value.L l -> l.values().size();
            case Value.M m -> m.values().size();
            default -> -1;
        };
        return size < 0 ? null : new Value.N(BigDecimal.valueOf(size));
    }
}
