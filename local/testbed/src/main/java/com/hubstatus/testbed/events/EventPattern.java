package com.hubstatus.testbed.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An EventBridge event pattern, as a SAM {@code EventBridgeRule}'s {@code Pattern} gives it, that
 * says whether an event would be routed to the rule's target.
 *
 * <p>Follows EventBridge's rules: fields in a pattern are ANDed, the values in a field's array are
 * ORed, an array in the event matches when any of its elements does, and a field the event lacks
 * matches nothing but {@code {"exists": false}}. Exists matching looks at leaves only, so a field
 * holding an object counts as absent. Understood: exact strings, numbers, booleans and null;
 * {@code prefix}; {@code anything-but} with a value, a list of values or a {@code prefix};
 * {@code exists}; {@code numeric} with one comparison or a lower and an upper bound. Any other
 * operator (suffix, wildcard, cidr, equals-ignore-case, $or, ...) is refused when the pattern is
 * read, naming it, rather than silently never matching.
 */
public final class EventPattern {

  private final FieldsMatch root;

  private EventPattern(FieldsMatch root) {
    this.root = root;
  }

  /** @throws IllegalArgumentException if the pattern is malformed or uses an operator not understood */
  public static EventPattern of(JsonNode pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (!pattern.isObject()) {
      throw new IllegalArgumentException("An event pattern must be a JSON object: " + pattern);
    }
    return new EventPattern(FieldsMatch.of(pattern, ""));
  }

  public static EventPattern parse(String json) {
    try {
      return of(LocalEventBridge.JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException("event pattern is not JSON", e);
    }
  }

  public boolean matches(BusEvent event) {
    return matches(LocalEventBridge.envelope(event));
  }

  /** Matches an event in EventBridge's envelope: source, detail-type, account, region, detail... */
  public boolean matches(JsonNode event) {
    return root.test(event);
  }

  private interface Match {
    boolean test(JsonNode value);
  }

  /** A pattern object: every field must match its counterpart in the event. */
  private record FieldsMatch(Map<String, Match> fields) implements Match {

    static FieldsMatch of(JsonNode pattern, String path) {
      if (pattern.isEmpty()) {
        throw new IllegalArgumentException("Empty object in event pattern at '" + path + "'");
      }
      Map<String, Match> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : pattern.properties()) {
        String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getKey().equals("$or")) {
          throw new IllegalArgumentException(
              "Unsupported event pattern operator '$or' at '" + fieldPath + "'");
        }
        JsonNode value = field.getValue();
        if (value.isObject()) {
          fields.put(field.getKey(), FieldsMatch.of(value, fieldPath));
        } else if (value.isArray()) {
          fields.put(field.getKey(), LeafMatch.of(value, fieldPath));
        } else {
          throw new IllegalArgumentException(
              "Event pattern field '" + fieldPath + "' must be an object or an array: " + value);
        }
      }
      return new FieldsMatch(Map.copyOf(fields));
    }

    @Override
    public boolean test(JsonNode value) {
      if (value.isArray()) {
        boolean holdsObjects = false;
        for (JsonNode element : value) {
          if (element.isObject()) {
            holdsObjects = true;
            if (testObject(element)) {
              return true;
            }
          }
        }
        // An array without objects has none of the pattern's fields, as an absent object has not.
        return !holdsObjects && testObject(MissingNode.getInstance());
      }
      return testObject(value);
    }

    private boolean testObject(JsonNode object) {
      for (Map.Entry<String, Match> field : fields.entrySet()) {
        JsonNode value = object.isObject() ? object.path(field.getKey()) : MissingNode.getInstance();
        if (!field.getValue().test(value)) {
          return false;
        }
      }
      return true;
    }
  }

  /** A pattern array: the field matches when any of its conditions does. */
  private record LeafMatch(List<Condition> conditions) implements Match {

    static LeafMatch of(JsonNode values, String path) {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("Empty array in event pattern at '" + path + "'");
      }
      List<Condition> conditions = new ArrayList<>();
      for (JsonNode value : values) {
        conditions.add(Condition.of(value, path));
      }
      return new LeafMatch(List.copyOf(conditions));
    }

    @Override
    public boolean test(JsonNode value) {
      List<JsonNode> leaves = leaves(value);
      for (Condition condition : conditions) {
        if (condition.test(leaves)) {
          return true;
        }
      }
      return false;
    }

    /** The field's scalar values: none if absent or an object, each element's if an array. */
    private static List<JsonNode> leaves(JsonNode value) {
      List<JsonNode> leaves = new ArrayList<>();
      collectLeaves(value, leaves);
      return leaves;
    }

    private static void collectLeaves(JsonNode value, List<JsonNode> leaves) {
      if (value.isArray()) {
        value.forEach(element -> collectLeaves(element, leaves));
      } else if (value.isValueNode()) {
        leaves.add(value);
      }
    }
  }

  /** One entry of a pattern array, tested against the field's leaf values. */
  private sealed interface Condition {

    boolean test(List<JsonNode> leaves);

    static Condition of(JsonNode value, String path) {
      if (isLiteral(value)) {
        return new Equals(value);
      }
      if (!value.isObject() || value.size() != 1) {
        throw new IllegalArgumentException(
            "Event pattern value at '" + path + "' must be a literal or a one-key operator object: "
                + value);
      }
      Map.Entry<String, JsonNode> operator = value.properties().iterator().next();
      JsonNode operand = operator.getValue();
      return switch (operator.getKey()) {
        case "prefix" -> new Prefix(textOperand("prefix", operand, path));
        case "anything-but" -> AnythingBut.of(operand, path);
        case "exists" -> {
          if (!operand.isBoolean()) {
            throw new IllegalArgumentException(
                "exists at '" + path + "' takes true or false: " + operand);
          }
          yield new Exists(operand.booleanValue());
        }
        case "numeric" -> Numeric.of(operand, path);
        default -> throw new IllegalArgumentException(
            "Unsupported event pattern operator '" + operator.getKey() + "' at '" + path + "'");
      };
    }
  }

  private record Equals(JsonNode expected) implements Condition {
    @Override
    public boolean test(List<JsonNode> leaves) {
      return leaves.stream().anyMatch(leaf -> sameValue(expected, leaf));
    }
  }

  private record Prefix(String prefix) implements Condition {
    @Override
    public boolean test(List<JsonNode> leaves) {
      return leaves.stream().anyMatch(leaf -> leaf.isTextual() && leaf.textValue().startsWith(prefix));
    }
  }

  /** Matches a present value other than those listed; an absent field is not "anything". */
  private record AnythingBut(List<JsonNode> excluded, String excludedPrefix) implements Condition {

    static AnythingBut of(JsonNode operand, String path) {
      if (operand.isTextual() || operand.isNumber()) {
        return new AnythingBut(List.of(operand), null);
      }
      if (operand.isArray() && !operand.isEmpty()) {
        List<JsonNode> excluded = new ArrayList<>();
        for (JsonNode value : operand) {
          if (!value.isTextual() && !value.isNumber()) {
            throw new IllegalArgumentException(
                "anything-but at '" + path + "' lists only strings or numbers: " + operand);
          }
          excluded.add(value);
        }
        return new AnythingBut(List.copyOf(excluded), null);
      }
      if (operand.isObject() && operand.size() == 1) {
        Map.Entry<String, JsonNode> inner = operand.properties().iterator().next();
        String name = inner.getKey();
        if (name.equals("prefix")) {
          return new AnythingBut(List.of(), textOperand("anything-but prefix", inner.getValue(), path));
        }
        throw new IllegalArgumentException(
            "Unsupported event pattern operator 'anything-but " + name + "' at '" + path + "'");
      }
      throw new IllegalArgumentException(
          "anything-but at '" + path + "' takes a string, a number, a list of them or a prefix: "
              + operand);
    }

    @Override
    public boolean test(List<JsonNode> leaves) {
      return leaves.stream().anyMatch(this::allowed);
    }

    private boolean allowed(JsonNode leaf) {
      if (excludedPrefix != null) {
        return leaf.isTextual() && !leaf.textValue().startsWith(excludedPrefix);
      }
      return excluded.stream().noneMatch(value -> sameValue(value, leaf));
    }
  }

  private record Exists(boolean expected) implements Condition {
    @Override
    public boolean test(List<JsonNode> leaves) {
      return leaves.isEmpty() != expected;
    }
  }

  /** One comparison, or a lower bound and an upper bound, on a JSON number. */
  private record Numeric(List<Comparison> comparisons) implements Condition {

    static Numeric of(JsonNode operand, String path) {
      if (!operand.isArray() || (operand.size() != 2 && operand.size() != 4)) {
        throw new IllegalArgumentException(
            "numeric at '" + path + "' takes [op, number] or [op, number, op, number]: " + operand);
      }
      List<Comparison> comparisons = new ArrayList<>();
      for (int i = 0; i < operand.size(); i += 2) {
        comparisons.add(Comparison.of(operand.get(i), operand.get(i + 1), path));
      }
      if (comparisons.size() == 2) {
        Comparison lower = comparisons.get(0);
        Comparison upper = comparisons.get(1);
        if (!lower.isLowerBound() || !upper.isUpperBound()) {
          throw new IllegalArgumentException(
              "numeric range at '" + path + "' must be a lower bound (> or >=) then an upper bound"
                  + " (< or <=): " + operand);
        }
      }
      return new Numeric(List.copyOf(comparisons));
    }

    @Override
    public boolean test(List<JsonNode> leaves) {
      return leaves.stream()
          .filter(JsonNode::isNumber)
          .map(JsonNode::decimalValue)
          .anyMatch(number -> comparisons.stream().allMatch(comparison -> comparison.test(number)));
    }
  }

  private record Comparison(String operator, BigDecimal bound) {

    static Comparison of(JsonNode operator, JsonNode bound, String path) {
      if (!operator.isTextual() || !List.of("<", "<=", "=", ">=", ">").contains(operator.textValue())) {
        throw new IllegalArgumentException(
            "Unsupported numeric operator " + operator + " at '" + path + "'");
      }
      if (!bound.isNumber()) {
        throw new IllegalArgumentException(
            "numeric " + operator.textValue() + " at '" + path + "' needs a number: " + bound);
      }
      return new Comparison(operator.textValue(), bound.decimalValue());
    }

    boolean isLowerBound() {
      return operator.equals(">") || operator.equals(">=");
    }

    boolean isUpperBound() {
      return operator.equals("<") || operator.equals("<=");
    }

    boolean test(BigDecimal number) {
      int order = number.compareTo(bound);
      return switch (operator) {
        case "<" -> order < 0;
        case "<=" -> order <= 0;
        case "=" -> order == 0;
        case ">=" -> order >= 0;
        case ">" -> order > 0;
        default -> throw new IllegalStateException(operator);
      };
    }
  }

  private static boolean isLiteral(JsonNode value) {
    return value.isTextual() || value.isNumber() || value.isBoolean() || value.isNull();
  }

  /** Numbers compare by value, so 5 matches 5.0; a string never equals a number. */
  private static boolean sameValue(JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return expected.equals(actual);
  }

  private static String textOperand(String operator, JsonNode operand, String path) {
    if (operand.isObject() && operand.size() == 1) {
      throw new IllegalArgumentException("Unsupported event pattern operator '" + operator + " "
          + operand.properties().iterator().next().getKey() + "' at '" + path + "'");
    }
    if (!operand.isTextual()) {
      throw new IllegalArgumentException(
          operator + " at '" + path + "' takes a string: " + operand);
    }
    return operand.textValue();
  }
}
