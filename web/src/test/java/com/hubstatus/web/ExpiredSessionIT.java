package com.hubstatus.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A token that has run out sends the user back to the sign-in, then to where they were, never to an error. */
class ExpiredSessionIT {

    @RegisterExtension
    static final PageUnderTest PAGE = new PageUnderTest();

    @Test
    void aTokenPastItsExpiryGoesBackToTheSignInAndThenToTheSameView() {
        PAGE.api().connect("alice", "google-ads", "Search US", "2000000002", "sa-marketing");
        PAGE.settle();
        BusinessHubsPage page = PAGE.page().signInAs("alice");
        page.openHub("Search US");

        // Given the token's time has passed (the page reads its expiry from the session it keeps)
        page.editSession("s.expiresAt = Date.now() - 1000;");

        // When the page next asks the API (a reload here; its own refresh does the same)
        page.driver().navigate().refresh();

        // Then the user is at the sign-in, and signing in brings them back to the hub
        page.awaitSignInService();
        page.pickDemoUser("alice");
        assertEquals("Search US", page.text("#hub-heading"));
        assertTrue(page.find(".error-box").isEmpty(), "no error was shown");
    }

    @Test
    void aTokenTheApiRefusesGoesBackToTheSignInInsteadOfShowingAnError() {
        BusinessHubsPage page = PAGE.page().signInAs("alice");
        page.awaitReady();

        // Given a session that has worked for an hour, whose token the API no longer takes (its
        // signature no longer matches, as after a key rotation)
        page.editSession("s.token = s.token.slice(0, -4) + 'AAAA'; s.signedInAt = Date.now() - 3600000;");

        // When the user asks for a fresh look
        page.clickButton("Refresh");

        // Then the API's 401 sends them to sign in, not to an error message
        page.awaitSignInService();
        page.pickDemoUser("alice");
        page.awaitText("#hubs-heading", "Business Hubs");
        assertTrue(page.find(".error-box").isEmpty(), "no error was shown");
    }

    @Test
    void aTokenTheApiRefusesRightAfterSigningInIsExplainedInsteadOfSigningInAgainAndAgain() {
        BusinessHubsPage page = PAGE.page().signInAs("alice");
        page.awaitReady();

        // Given a sign-in that gives a token the API refuses (a page configured for another client)
        page.editSession("s.token = s.token.slice(0, -4) + 'AAAA';");

        // When the page asks the API
        page.clickButton("Refresh");

        // Then it says what is wrong, on its own sign-in view, rather than looping through the sign-in
        page.awaitText(".note-box", "refused the token the sign-in gave");
        assertFalse(page.isOnSignInService(), "stayed on the page");
    }
}
