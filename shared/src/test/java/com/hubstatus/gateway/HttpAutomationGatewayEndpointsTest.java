package com.hubstatus.gateway;

import com.hubstatus.testing.Signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hubstatus.status.ExternalApp;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpAutomationGatewayEndpointsTest {

    private static String rejection(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> HttpAutomationGateway.fromEndpoints(spec, Signing.signer()))
                .getMessage();
    }

    @Test
    void endpointsAreReadAsAppIdEqualsUrlSeparatedByCommas() {
        // given
        String spec = "meta-business-manager=https://a.example/v1, google-ads = https://b.example:8443/v1 , tiktok-business-center=http://127.0.0.1:4010/t,";

        // when
        HttpAutomationGateway gateway = HttpAutomationGateway.fromEndpoints(spec, Signing.signer());

        // then
        assertEquals(Map.of(
                ExternalApp.META_BUSINESS_MANAGER, URI.create("https://a.example/v1"),
                ExternalApp.GOOGLE_ADS, URI.create("https://b.example:8443/v1"),
                ExternalApp.TIKTOK_BUSINESS_CENTER, URI.create("http://127.0.0.1:4010/t")), gateway.endpoints());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            myspace=https://a.example/v1                                     | unknown app id 'myspace'
            google-ads=ftp://b.example/v1                                    | google-ads must be an http or https URL
            google-ads https://b.example/v1                                  | is not of the form app-id=url
            google-ads=https://b.example/v1,google-ads=https://c.example/v1  | given twice
            google-ads=https://bot:hunter2@b.example/v1                      | must not carry user info
            google-ads=https://bot:hunter2@b.example/a b                     | google-ads is not a valid URL
            google-ads=http://b.example/v1                                   | google-ads must be an https URL (http only for a loopback host)
            google-ads=http://127.attacker.example/v1                        | google-ads must be an https URL
            """)
    void aBadEntryIsRejectedByNameWithoutRepeatingCredentials(String spec, String reason) {
        // when
        String message = rejection(spec);

        // then
        assertTrue(message.contains(reason), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void endpointsGivenAsAMapAreCheckedTheSameWay() {
        // given
        Map<ExternalApp, URI> endpoints = Map.of(ExternalApp.GOOGLE_ADS, URI.create("file:///etc/passwd"));

        // when
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HttpAutomationGateway(endpoints, Signing.signer()));

        // then
        assertTrue(e.getMessage().contains("google-ads must be an http or https URL"), e.getMessage());
    }

    @Test
    void aBlankSpecIsRejected() {
        // when
        String message = rejection("  ");

        // then
        assertTrue(message.contains("no automation endpoints given"), message);
    }
}
