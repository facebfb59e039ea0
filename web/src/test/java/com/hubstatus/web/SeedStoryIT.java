package com.hubstatus.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The source article's story, walked in the browser by the owner: two hubs of one app are Under
 * validation, then Requires sync; a sync makes one Healthy; 25 hours later it Requires sync again.
 */
class SeedStoryIT {

    @RegisterExtension
    static final PageUnderTest PAGE = new PageUnderTest();

    @Test
    void anOwnerConnectsTwoHubsSeesThemValidatedSyncsOneAndSeesItGoStale() {
        BusinessHubsPage page = PAGE.page();

        // Given alice, signed in, on an empty workspace
        page.signInAs("alice");
        page.awaitText(".empty", "Connect your first hub");

        // When she connects two hubs of one app before its validation runs
        PAGE.stack().pause();
        page.connect("Meta Business Manager", "Marketing EU", "1000000001", "sa-marketing", "bob");
        page.connect("Meta Business Manager", "Marketing US", "1000000002", "sa-marketing", "");

        // Then both are Under validation, with the API's description, and counted under their tab
        page.awaitRowStatus("Marketing EU", "Under validation");
        page.awaitRowStatus("Marketing US", "Under validation");
        assertTrue(page.cell("Marketing EU", "Status").endsWith("its app integration in this workspace is being validated."),
                page.cell("Marketing EU", "Status"));
        assertEquals("Meta Business Manager", page.cell("Marketing EU", "App"));
        assertEquals("1000000001", page.cell("Marketing EU", "Business ID"));
        assertEquals(2, page.tabCount("UNDER_VALIDATION"));

        // When the validation completes, the page shows it by itself: both need their first sync
        PAGE.stack().resume();
        page.awaitRowStatus("Marketing EU", "Requires sync");
        page.awaitRowStatus("Marketing US", "Requires sync");
        assertEquals("Run a sync\nBy an owner of the hub", page.cell("Marketing EU", "Next action"));
        assertEquals("never", page.cell("Marketing EU", "Last successful sync"));

        // When she opens Marketing EU and runs a sync, the button shows it running, then the new status
        page.openHub("Marketing EU");
        assertEquals(List.of("NO_INITIAL_SYNC"), page.reasonCodes());
        PAGE.stack().pause();
        page.clickButton("Run a sync");
        page.awaitText("#run-sync", "Sync running");
        page.awaitText(".sync-running", "A sync is running");
        PAGE.stack().resume();
        page.awaitHubStatus("Healthy");
        assertEquals(List.of(), page.reasonCodes());
        assertTrue(page.text(".healthy-until").matches("in 2[34] hours \\(.*\\) unless a sync succeeds before"),
                page.text(".healthy-until"));
        page.awaitText(".last-attempt", "Succeeded (manual)");
        page.awaitText(".timeline", "Sync succeeded");

        // When 25 hours pass (the stack's clock moves; the sweep is held back)
        PAGE.stack().pause();
        PAGE.stack().advanceClock(Duration.ofHours(25));

        // Then the table shows it Requires sync again, the reason being a stale sync
        page.openHubs();
        page.awaitRowStatus("Marketing EU", "Requires sync");
        page.openHub("Marketing EU");
        assertEquals(List.of("SYNC_STALE"), page.reasonCodes());

        // And while another owner's sync runs, her press on "Run a sync" is told so, not an error
        PAGE.api().sync("alice", page.hubIdShown());
        page.clickButton("Run a sync");
        page.awaitText(".message", "A sync is already running");
        PAGE.stack().resume();
        page.awaitHubStatus("Healthy");
    }
}
