package com.hubstatus.local.dynamodb.storage;

import com.hubstatus.local.dynamodb.value.Bytes;
import com.hubstatus.local.dynamodb.value.Value;
import com.hubstatus.local.dynamodb.value.Values;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyEncodingTest {

    private static int sign(int comparison) {
        return Integer.signum(comparison);
    }

    private static void assertSameOrder(List<Value> values) {
        for (Value a : values) {
            for (Value b : values) {
                assertEquals(sign(Values.compare(a, b)), sign(Arrays.compareUnsigned(KeyEncoding.encode(a), KeyEncoding.encode(b))),
                        a + " vs " + b);
            }
        }
    }

    @Test
    void numbersEncodeInNumericOrder() {
        // given
        List<Value> numbers = new ArrayList<>();
        for (String n : List.of("0", "-0.0", "1", "-1", "10", "-10", "0.1", "-0.1", "0.12", "0.123", "-0.12", "-0.123", "9.99", "100",
                "1E+125", "-1E+125", "1E-130", "-1E-130", "99999999999999999999999999999999999999", "12345.6789", "-12345.6789")) {
            numbers.add(new Value.N(new BigDecimal(n)));
        }
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            numbers.add(new Value.N(BigDecimal.valueOf(random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10))));
        }

        // then
        assertSameOrder(numbers);
        assertArrayEquals(KeyEncoding.encode(Value.n("1.50")), KeyEncoding.encode(Value.n("1.5")), "equal numbers encode alike");
    }

    @Test
    void stringsEncodeInUtf8ByteOrderAndPrefixesStayPrefixes() {
        // given
        List<Value> strings = new ArrayList<>();
        for (String s : List.of("a", "ab", "a\u0000", "a\u0000b", "b", "B", "é", "\uFF5E", "\uD834\uDD1E", "", "zz", "\u0000")) {
            strings.add(Value.s(s));
        }

        // then
        assertSameOrder(strings);
        byte[] prefix = KeyEncoding.prefix(Value.s("a\u0000"));
        byte[] full = KeyEncoding.encode(Value.s("a\u0000b"));
        assertTrue(Arrays.equals(full, 0, prefix.length, prefix, 0, prefix.length));
    }

    @Test
    void binaryEncodesInUnsignedByteOrder() {
        // given
        List<Value> binaries = new ArrayList<>();
        for (byte[] b : List.of(new byte[] {0}, new byte[] {0, 0}, new byte[] {(byte) 0xFF}, new byte[] {0x7F}, new byte[] {(byte) 0x80},
                new byte[] {}, new byte[] {1, (byte) 0xFF})) {
            binaries.add(new Value.B(Bytes.of(b)));
        }

        // then
        assertSameOrder(binaries);
    }

    @Test
    void aPartitionsItemsAreOneRangeWhateverTheirSortKeys() {
        // given: partition "a" must not interleave with partition "a\0" or "ab"
        byte[] a = KeyEncoding.encode(Value.s("a"));
        byte[] aNul = KeyEncoding.encode(Value.s("a\u0000"));
        byte[] aHighSort = concat(a, KeyEncoding.encode(Value.s("\uFFFF\uFFFF")));

        // then
        assertTrue(Arrays.compareUnsigned(aHighSort, aNul) < 0);
        assertTrue(Arrays.compareUnsigned(aHighSort, KeyEncoding.successor(a)) < 0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
