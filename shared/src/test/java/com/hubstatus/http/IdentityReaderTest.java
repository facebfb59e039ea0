package com.hubstatus.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdentityReaderTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            [hubstatus-operators admins]       | hubstatus-operators,admins
            [hubstatus-operators]              | hubstatus-operators
            ["hubstatus-operators","admins"]   | hubstatus-operators,admins
            hubstatus-operators, admins        | hubstatus-operators,admins
            []                                 | ''
            NULL                               | ''
            """)
    void groupsAreReadAsApiGatewayFlattensThem(String claim, String expected) {
        Set<String> groups = expected.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(expected.split(",")));
        assertEquals(groups, IdentityReader.parseGroups(claim));
    }
}
