package com.hubstatus.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each role may do on a hub's page: the same rules as the API's. */
class OwnersAndManagersIT {

    @RegisterExtension
    static final PageUnderTest PAGE = new PageUnderTest();

    @Test
    void aManagerSeesTheHubsStatusWithoutAnyControlAndIsToldWhoCanAct() {
        // Given a hub alice owns and names bob a manager of
        PAGE.api().connect("alice", "google-ads", "Search EU", "2000000001", "sa-marketing", "bob");
        PAGE.settle();

        // When bob signs in and opens it
        BusinessHubsPage page = PAGE.page().signInAs("bob");
        page.awaitRowStatus("Search EU", "Requires sync");
        page.openHub("Search EU");

        // Then he reads its status and reasons, and there is nothing to press: a line says who can act
        assertEquals("Requires sync", page.hubStatusLabel());
        assertEquals(List.of("NO_INITIAL_SYNC"), page.reasonCodes());
        assertTrue(page.find("#run-sync").isEmpty(), "a manager has no sync button");
        assertTrue(page.find("#disconnect").isEmpty(), "a manager has no disconnect button");
        assertTrue(page.find("#recheck").isEmpty(), "a manager has no re-check button");
        assertTrue(page.find(".edit-form").isEmpty(), "a manager has no settings form");
        assertEquals(List.of(), page.buttonsIn(".hub-body"), "no control at all in the hub's panels");
        assertTrue(page.text(".who-can-act").contains("Only its owners (alice) can run a sync"), page.text(".who-can-act"));
    }

    @Test
    void anOwnerFixesAWrongBusinessIdAndTheRecheckClearsTheReview() {
        // Given alice's hub with a business ID Meta Business Manager does not know
        BusinessHubsPage page = PAGE.page().signInAs("alice");
        page.connect("Meta Business Manager", "Marketing APAC", "1000000099", "sa-marketing", "");
        page.awaitRowStatus("Marketing APAC", "Review configuration");
        assertTrue(page.cell("Marketing APAC", "Next action").startsWith("Update the business ID"),
                page.cell("Marketing APAC", "Next action"));
        assertTrue(page.cell("Marketing APAC", "Next action").endsWith("By an owner of the hub"),
                page.cell("Marketing APAC", "Next action"));

        // When she opens it, the reason says what is wrong, in the app's words too
        page.openHub("Marketing APAC");
        assertEquals(List.of("CONFIGURATION_INVALID", "NO_INITIAL_SYNC"), page.reasonCodes());
        assertTrue(page.text("table.reasons").contains("Business ID 1000000099 was not found in Meta Business Manager."),
                page.text("table.reasons"));

        // And she corrects the business ID in the settings the page opened for her
        page.changeBusinessId("1000000003");

        // Then the hub is checked again and leaves the review, needing only its first sync
        page.awaitHubStatus("Requires sync");
        assertEquals(List.of("NO_INITIAL_SYNC"), page.reasonCodes());
        assertEquals("1000000003", page.text(".business-id"));
        page.awaitText(".timeline", "Review configuration → Requires sync");

        // And a sync from the page makes it Healthy
        page.clickButton("Run a sync");
        page.awaitHubStatus("Healthy");
    }

    @Test
    void anOperatorRevalidatesAnIntegrationUnderReviewFromTheQueueOnceItsAutomationIsFixed() throws Exception {
        // Given alice's TikTok hub, Under review: the app's automation fails
        PAGE.api().connect("alice", "tiktok-business-center", "TikTok Ads", "7000000001", "sa-marketing");
        PAGE.settle();

        // When olivia, an operator, opens the review queue, the integration is in it, with its reason
        BusinessHubsPage page = PAGE.page().signInAs("olivia");
        page.clickLink("Review queue");
        page.awaitText(".review-table", "INTEGRATION_AUTOMATION_FAILED");

        // And, the automation fixed, she re-validates the app's integration
        Path fixtures = PAGE.stack().fixtures();
        Files.writeString(fixtures, Files.readString(fixtures).replace("\"automation\": \"fails\"", "\"automation\": \"works\""));
        page.clickButton("Re-validate TikTok Business Center");
        page.awaitText(".toast", "Re-validation of TikTok Business Center requested.");

        // Then the hub leaves the review: alice sees it needing its first sync
        PAGE.settle();
        page.signOut();
        page = PAGE.page().signInAs("alice");
        page.awaitRowStatus("TikTok Ads", "Requires sync");
    }

    @Test
    void anOwnerDisconnectsAHubAfterConfirming() {
        PAGE.api().connect("alice", "linkedin-campaign-manager", "Brand LinkedIn", "li-1", "sa-marketing");
        PAGE.settle();
        BusinessHubsPage page = PAGE.page().signInAs("alice");
        page.openHub("Brand LinkedIn");

        page.clickButton("Disconnect…");
        page.clickButton("Keep it");
        assertEquals("Brand LinkedIn", page.text("#hub-heading"));

        page.clickButton("Disconnect…");
        page.clickButton("Disconnect");
        page.awaitText(".toast", "Brand LinkedIn was disconnected.");
        page.awaitReady();
        assertTrue(page.rowNames().stream().noneMatch("Brand LinkedIn"::equals), page.rowNames().toString());
    }

    @Test
    void aSyncWhoseAnswerIsLostIsAskedForAgainWithTheSameKeyAndStartsOnlyOnce() {
        PAGE.api().connect("alice", "google-ads", "Retry EU", "2000000002", "sa-marketing");
        PAGE.settle();
        BusinessHubsPage page = PAGE.page().signInAs("alice");
        page.awaitRowStatus("Retry EU", "Requires sync");
        page.openHub("Retry EU");

        // Given the sync held back once asked for, so that a second sync would be refused as already
        // running, and a network that loses the answer to the first POST .../sync after it arrived
        PAGE.stack().pause();
        page.script("""
                const send = window.fetch;
                window.syncRequests = [];
                window.fetch = async (url, init) => {
                  if (init?.method !== 'POST' || !String(url).endsWith('/sync')) return send(url, init);
                  window.syncRequests.push(init.headers['idempotency-key'] ?? null);
                  const response = await send(url, init);
                  if (window.syncRequests.length === 1) throw new TypeError('Failed to fetch');
                  return response;
                };""");

        // When alice runs a sync
        page.clickButton("Run a sync");

        // Then the page asked again with the same key and got the first answer: one sync, started
        page.awaitText(".toast", "A sync of Retry EU started.");
        List<?> keys = (List<?>) page.script("return window.syncRequests;");
        assertEquals(2, keys.size(), keys.toString());
        assertTrue(keys.get(0) instanceof String key && !key.isBlank(), keys.toString());
        assertEquals(keys.get(0), keys.get(1), "the same idempotency key both times");
        assertTrue(page.find(".message .error").isEmpty(), "no error: " + page.find(".message").map(e -> e.getText()));

        // And once the sync runs, the hub is Healthy
        PAGE.stack().resume();
        page.awaitHubStatus("Healthy");
    }

    @Test
    void aChangeToAHubThatChangedMeanwhileIsRefusedAndTheHubShownAsItIsNow() {
        String hubId = PAGE.api().connect("alice", "meta-business-manager", "Brand EU", "1000000001", "sa-marketing");
        PAGE.settle();
        BusinessHubsPage page = PAGE.page().signInAs("alice");
        page.openHub("Brand EU");

        // Given the page's own reads of the hub held until it sends a change, so it still shows the
        // version it read, while the hub is renamed elsewhere
        page.script("""
                const send = window.fetch;
                let changed = false;
                const held = [];
                window.fetch = async (url, init) => {
                  const method = init?.method ?? 'GET';
                  const read = method === 'GET' && new URL(url, location.href).pathname.startsWith('/hubs/');
                  if (read && !changed) return new Promise(resolve => held.push(() => resolve(send(url, init))));
                  const response = await send(url, init);
                  if (method === 'PATCH') {
                    changed = true;
                    held.splice(0).forEach(release => release());
                  }
                  return response;
                };""");
        PAGE.api().change("alice", hubId, "{\"name\":\"Brand Europe\"}");

        // When alice opens the hub's settings and saves a business ID
        page.find("details.edit summary").orElseThrow().click();
        page.changeBusinessId("1000000002");

        // Then the API refuses a change to a version the hub has moved past, the page says so and
        // shows the hub as it is now, and nothing was overwritten
        page.awaitText(".message", "The hub changed since this page showed it");
        page.awaitText("#hub-heading", "Brand Europe");
        assertEquals("1000000001", page.text(".business-id"));
        assertEquals("1000000001", PAGE.api().hub("alice", hubId).get("businessId").asText());
    }
}
