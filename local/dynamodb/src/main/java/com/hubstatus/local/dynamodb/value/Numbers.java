package com.hubstatus.local.dynamodb.value;

import com.hubstatus.local.dynamodb.api.ApiException;

import java.math.BigDecimal;

/**
 * DynamoDB's numbers: exact decimals of up to 38 significant digits, with magnitudes from 1E-130 to
 * just under 1E+126, held in a canonical form (no leading or trailing zeros, no negative zero) so
 * that 1, 1.0 and 1E0 are the same number and print as {@code 1}.
 */
public final class Numbers {

    public static final int MAX_DIGITS = 38;
    /** The largest decimal exponent of a number's leading digit (9.99...E+125). */
    public static final int MAX_EXPONENT = 125;
    /** The smallest decimal exponent of a number's leading digit (1E-130). */
    public static final int MIN_EXPONENT = -130;

    private Numbers() {
    }

    public static BigDecimal canonical(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    /** Reads a number as a client sent it, answering DynamoDB's ValidationException when it is not one. */
    public static BigDecimal parse(String text) {
        BigDecimal value;
        try {
            if (text.isEmpty() || Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))) {
                throw new NumberFormatException();
            }
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw ApiException.validation("A value provided cannot be converted into a number");
        }
        return checkRange(value);
    }

    /** The number, canonical, if DynamoDB can store it; its ValidationException otherwise. */
    public static BigDecimal checkRange(BigDecimal value) {
        BigDecimal canonical = canonical(value);
        if (canonical.signum() == 0) {
            return canonical;
        }
        if (canonical.precision() > MAX_DIGITS) {
            throw ApiException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        int exponent = leadingExponent(canonical);
        if (exponent > MAX_EXPONENT) {
            throw ApiException.validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw ApiException.validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return canonical;
    }

    /** The decimal exponent of the leading digit: 2 for 123.4, -3 for 0.00123. */
    static int leadingExponent(BigDecimal nonZero) {
        return nonZero.precision() - nonZero.scale() - 1;
    }

    /** How a number is written in DynamoDB's answers: plain digits, no exponent. */
    public static String format(BigDecimal value) {
        return canonical(value).toPlainString();
    }

    /**
     * The bytes a number takes in an item: one, plus one per pair of digits counted in pairs aligned
     * on the decimal point (from the leading to the last non-zero digit), plus one when negative.
     */
    public static int size(BigDecimal value) {
        BigDecimal canonical = canonical(value);
        if (canonical.signum() == 0) {
            return 1;
        }
        int high = leadingExponent(canonical);
        int low = -canonical.scale();
        int pairs = Math.floorDiv(high, 2) - Math.floorDiv(low, 2) + 1;
        return 1 + pairs + (canonical.signum() < 0 ? 1 : 0);
    }
}
