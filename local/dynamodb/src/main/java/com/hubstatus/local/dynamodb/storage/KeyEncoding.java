package com.hubstatus.local.dynamodb.storage;

import com.hubstatus.local.dynamodb.value.Numbers;
import com.hubstatus.local.dynamodb.value.Value;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Key attribute values as bytes whose unsigned order is DynamoDB's order of the values, and which
 * are prefix-free, so that a table's key (partition then sort value) or an index entry's key (index
 * keys then the table key) is simply their concatenation, and all the items of one partition are
 * one contiguous range.
 *
 * <ul>
 *   <li>S (as UTF-8) and B: the bytes, each 0x00 written 0x00 0xFF, ended by 0x00 0x00. Any prefix of
 *   a string is then a prefix of its encoding without the end mark, which is how begins_with
 *   becomes a range.</li>
 *   <li>N: a sign byte (negative 0x01, zero 0x02, positive 0x03); then the exponent of the leading
 *   digit as two bytes; then each digit as a byte; then an end mark. For negative numbers the
 *   exponent and digits are inverted and the end mark sorts last, so that larger magnitudes come
 *   first.</li>
 * </ul>
 */
public final class KeyEncoding {

    private static final int EXPONENT_BIAS = 0x8000;

    private KeyEncoding() {
    }

    public static void write(ByteArrayOutputStream out, Value value) {
        switch (value) {
            case Value.S s -> writeBytes(out, s.value().getBytes(StandardCharsets.UTF_8), true);
            case Value.B b -> writeBytes(out, b.value().toArray(), true);
            case Value.N n -> writeNumber(out, n.value());
            default -> throw new IllegalArgumentException("not a key type: " + value.type());
        }
    }

    public static byte[] encode(Value value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    /** The encoding of every S (or B) value that starts with {@code prefix} starts with these bytes. */
    public static byte[] prefix(Value prefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (prefix) {
            case Value.S s -> writeBytes(out, s.value().getBytes(StandardCharsets.UTF_8), false);
            case Value.B b -> writeBytes(out, b.value().toArray(), false);
            default -> throw new IllegalArgumentException("begins_with needs S or B: " + prefix.type());
        }
        return out.toByteArray();
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes, boolean terminate) {
        for (byte b : bytes) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        if (terminate) {
            out.write(0);
            out.write(0);
        }
    }

    private static void writeNumber(ByteArrayOutputStream out, BigDecimal number) {
        BigDecimal value = Numbers.canonical(number);
        int sign = value.signum();
        if (sign == 0) {
            out.write(0x02);
            return;
        }
        boolean negative = sign < 0;
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - value.scale() - 1 + EXPONENT_BIAS;
        if (negative) {
            exponent = 0xFFFF - exponent;
        }
        out.write(negative ? 0x01 : 0x03);
        out.write((exponent >>> 8) & 0xFF);
        out.write(exponent & 0xFF);
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(i) - '0';
            out.write(negative ? 10 - digit : digit + 1);
        }
        out.write(negative ? 11 : 0);
    }

    /** The smallest byte string greater than every string that starts with {@code prefix}, or null if none is. */
    public static byte[] successor(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (next[i] != (byte) 0xFF) {
                next[i]++;
                byte[] cut = new byte[i + 1];
                System.arraycopy(next, 0, cut, 0, i + 1);
                return cut;
            }
        }
        return null;
    }
}
