package com.hubstatus.local.dynamodb.value;

/** How DynamoDB compares values: strings by UTF-8 bytes, numbers by value, binary by unsigned bytes. */
public final class Values {

    private Values() {
    }

    /** True for the types that {@code <}, {@code BETWEEN} and sort keys order: S, N and B. */
    public static boolean isOrdered(Value value) {
        return value instanceof Value.S || value instanceof Value.N || value instanceof Value.B;
    }

    /**
     * Compares two values of the same ordered type.
     *
     * @throws IllegalArgumentException when they are not both S, both N or both B
     */
    public static int compare(Value a, Value b) {
        if (a instanceof Value.S x && b instanceof Value.S y) {
            return compareUtf8(x.value(), y.value());
        }
        if (a instanceof Value.N x && b instanceof Value.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof Value.B x && b instanceof Value.B y) {
            return x.value().compareTo(y.value());
        }
        throw new IllegalArgumentException("not comparable: " + a.type() + " and " + b.type());
    }

    /** Strings in UTF-8 byte order, which is code point order (not Java's UTF-16 order). */
    public static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
