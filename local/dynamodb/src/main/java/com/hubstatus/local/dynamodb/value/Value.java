package com.hubstatus.local.dynamodb.value;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value. Immutable: items are shared between readers without copying.
 * Numbers are held canonical ({@link Numbers#canonical}), so equal numbers are equal values.
 */
public sealed interface Value {

    /** The type's name on the wire: S, N, B, BOOL, NULL, SS, NS, BS, L or M. */
    default String type() {
        return switch (this) {
            case S s -> "S";
            case N n -> "N";
            case B b -> "B";
            case Bool bool -> "BOOL";
            case Null nul -> "NULL";
            case SS ss -> "SS";
            case NS ns -> "NS";
            case BS bs -> "BS";
            case L l -> "L";
            case M m -> "M";
        };
    }

    record S(String value) implements Value {
        public byte[] utf8() {
            return value.getBytes(StandardCharsets.UTF_8);
        }
    }

    record N(BigDecimal value) implements Value {
        public N {
            value = Numbers.canonical(value);
        }
    }

    record B(Bytes value) implements Value {
    }

    record Bool(boolean value) implements Value {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);
    }

    record Null() implements Value {
        public static final Null INSTANCE = new Null();
    }

    record SS(Set<String> values) implements Value {
        public SS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }
    }

    record NS(Set<BigDecimal> values) implements Value {
        public NS {
            LinkedHashSet<BigDecimal> canonical = new LinkedHashSet<>();
            values.forEach(v -> canonical.add(Numbers.canonical(v)));
            values = Collections.unmodifiableSet(canonical);
        }
    }

    record BS(Set<Bytes> values) implements Value {
        public BS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }
    }

    record L(List<Value> values) implements Value {
        public L {
            values = List.copyOf(values);
        }
    }

    record M(Map<String, Value> values) implements Value {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    static S s(String value) {
        return new S(value);
    }

    static N n(String value) {
        return new N(new BigDecimal(value));
    }

    static N n(long value) {
        return new N(BigDecimal.valueOf(value));
    }
}
