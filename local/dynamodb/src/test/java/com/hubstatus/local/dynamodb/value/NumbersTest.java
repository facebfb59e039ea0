package com.hubstatus.local.dynamodb.value;

import com.hubstatus.local.dynamodb.api.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({"00042, 42", "1.0, 1", "-0, 0", "1.5E2, 150", "0.000, 0", "-12.340, -12.34", "1E+3, 1000", "+7, 7"})
    void numbersAreWrittenCanonically(String input, String written) {
        assertEquals(written, Numbers.format(Numbers.parse(input)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "abc", "NaN", "Infinity", "0x10", "1,5"})
    void textThatIsNoNumberIsRefused(String input) {
        assertEquals(ApiException.ErrorType.VALIDATION, assertThrows(ApiException.class, () -> Numbers.parse(input)).type());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E126", "-1E126", "1E-131", "123456789012345678901234567890123456789"})
    void numbersOutsideDynamoDbsRangeOrPrecisionAreRefused(String input) {
        assertThrows(ApiException.class, () -> Numbers.parse(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9.9999999999999999999999999999999999999E+125", "1E-130", "-1E-130", "12345678901234567890123456789012345678"})
    void theLimitsThemselvesAreNumbers(String input) {
        assertEquals(0, new BigDecimal(input).compareTo(Numbers.parse(input)));
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 2", "12, 2", "123, 3", "123.45, 4", "0.001, 2", "-1, 3", "1E+125, 2", "1000, 2"})
    void aNumbersSizeCountsDigitPairsAlignedOnTheDecimalPoint(String number, int bytes) {
        assertEquals(bytes, Numbers.size(new BigDecimal(number)));
    }
}
