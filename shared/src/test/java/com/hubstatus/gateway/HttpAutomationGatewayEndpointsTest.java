package com.hubstatus.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hubstatus.status.ExternalApp;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpAutomationGatewayEndpointsTest {

    private static String rejection(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> HttpAutomationGateway.fromEndpoints(spec))
                .getMessage();
    }

    @Test
    void endpointsAreReadAsAppIdEqualsUrlSeparatedByCommas() {
        // given
        String spec = "meta-business-manager=https://a.example/v1, google-ads = http://b.example:8080/v1 ,";

        // when
        HttpAutomationGateway gateway = HttpAutomationGateway.fromEndpoints(spec);

        // then
        assertEquals(Map.of(
                ExternalApp.META_BUSINESS_MANAGER, URI.create("https://a.example/v1"),
                ExternalApp.GOOGLE_ADS, URI.create("http://b.example:8080/v1")), gateway.endpoints());
    }

    @Test
    void anUnknownAppIdIsRejectedByName() {
        // when
        String message = rejection("myspace=https://a.example/v1");

        // then
        assertTrue(message.contains("unknown app id 'myspace'"), message);
    }

    @Test
    void aUrlThatIsNotHttpOrHttpsIsRejected() {
        // when
        String message = rejection("google-ads=ftp://b.example/v1");

        // then
        assertTrue(message.contains("google-ads must be an http or https URL"), message);
    }

    @Test
    void anEntryWithoutAnEqualsSignIsRejected() {
        // when
        String message = rejection("google-ads https://b.example/v1");

        // then
        assertTrue(message.contains("is not of the form app-id=url"), message);
    }

    @Test
    void anAppGivenTwiceIsRejected() {
        // when
        String message = rejection("google-ads=https://b.example/v1,google-ads=https://c.example/v1");

        // then
        assertTrue(message.contains("given twice"), message);
    }

    @Test
    void aUrlCarryingUserInfoIsRejectedWithoutRepeatingIt() {
        // when
        String message = rejection("google-ads=https://bot:hunter2@b.example/v1");

        // then
        assertTrue(message.contains("must not carry user info"), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void aUrlThatDoesNotParseIsRejectedWithoutRepeatingIt() {
        // when
        String message = rejection("google-ads=https://bot:hunter2@b.example/a b");

        // then
        assertTrue(message.contains("google-ads is not a valid URL"), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void endpointsGivenAsAMapAreCheckedTheSameWay() {
        // given
        Map<ExternalApp, URI> endpoints = Map.of(ExternalApp.GOOGLE_ADS, URI.create("file:///etc/passwd"));

        // when
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HttpAutomationGateway(endpoints));

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
