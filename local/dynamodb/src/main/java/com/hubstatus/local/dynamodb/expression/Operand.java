package com.hubstatus.local.dynamodb.expression;

import com.hubstatus.local.dynamodb.value.Value;

/** What an expression compares or assigns: a path, a value placeholder, or a function of them. */
public sealed interface Operand {

    record PathOperand(Path path) implements Operand {
    }

    record ValueOperand(String placeholder, Value value) implements Operand {
    }

    /** {@code size(path)}: a number. */
    record Size(Path path) implements Operand {
    }

    /** {@code left + right} or {@code left - right} in an update's SET. */
    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
    }

    /** {@code if_not_exists(path, fallback)} in an update's SET. */
    record IfNotExists(Path path, Operand fallback) implements Operand {
    }

    /** {@code list_append(first, second)} in an update's SET. */
    record ListAppend(Operand first, Operand second) implements Operand {
    }
}
