package com.hubstatus.usecase;

import com.hubstatus.status.Actor;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.NextAction;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.StatusView;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.port.InvalidCursorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.hubstatus.testing.TestSystem.STRANGER;
import static com.hubstatus.testing.TestSystem.manager;
import static com.hubstatus.testing.TestSystem.owner;
import static com.hubstatus.testing.TestSystem.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class ReadHubIT {

    @Test
    void aHealthyHubShowsItsLastSyncAndWhenItWillRequireASync(TestSystem system) {
        // given
        Hub hub = system.syncedHub("ws-one", ExternalApp.META_BUSINESS_MANAGER, "1000000001");
        Instant syncedAt = hub.lastSuccessAt();

        // when
        StatusView view = system.readHub().read(owner("ws-one"), hub.hubId());

        // then
        assertEquals(HubStatus.HEALTHY, view.status());
        assertEquals(Actor.NOBODY, view.mustAct());
        assertEquals(NextAction.NONE, view.nextAction());
        assertTrue(view.reasons().isEmpty());
        assertEquals(syncedAt, view.since());
        assertEquals(syncedAt.plus(Duration.ofHours(24)), view.healthyUntil());
        assertTrue(view.lastSyncAttempt().hasSucceeded());
        assertEquals(syncedAt, view.lastSuccessAt());
    }

    @Test
    void aHubRequiresASyncTheMomentItsLastSuccessIsOlderThan24HoursWithoutTheSweep(TestSystem system) {
        // given
        Hub hub = system.syncedHub("ws-stale", ExternalApp.GOOGLE_ADS, "2000000001");
        Instant syncedAt = hub.lastSuccessAt();

        // when: a manager reads it too
        system.clock.advance(Duration.ofHours(24));
        StatusView atThreshold = system.readHub().read(manager("ws-stale"), hub.hubId());
        system.clock.advance(Duration.ofMillis(1));
        StatusView justAfter = system.readHub().read(manager("ws-stale"), hub.hubId());

        // then
        assertEquals(HubStatus.HEALTHY, atThreshold.status());
        assertEquals(HubStatus.REQUIRES_SYNC, justAfter.status());
        assertEquals(ReasonCode.SYNC_STALE, justAfter.reasonCodes().getFirst());
        assertEquals(NextAction.RUN_SYNC, justAfter.nextAction());
        assertEquals(Actor.OWNER, justAfter.mustAct());
        assertEquals(syncedAt.plus(Duration.ofHours(24)), justAfter.since());
    }

    @Test
    void theHistoryListsTransitionsNewestFirstInPages(TestSystem system) {
        // given
        Hub hub = system.syncedHub("ws-history", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000001");

        // when
        ReadHub.History first = system.readHub().history(owner("ws-history"), hub.hubId(), Optional.empty(), 2);
        ReadHub.History rest = system.readHub().history(owner("ws-history"), hub.hubId(), first.nextCursor(), 2);

        // then
        List<String> transitions = new ArrayList<>();
        for (ReadHub.History page : List.of(first, rest)) {
            page.entries().forEach(e -> transitions.add(e.from() + "->" + e.to() + " " + e.cause()));
        }
        assertEquals(List.of("REQUIRES_SYNC->HEALTHY SYNC_SUCCEEDED", "UNDER_VALIDATION->REQUIRES_SYNC VALIDATION_COMPLETED",
                "null->UNDER_VALIDATION CONNECTED"), transitions);
        assertTrue(rest.nextCursor().isEmpty());
    }

    @Test
    void aHubOfAnotherWorkspaceOrOfNobodyTheCallerKnowsIsNotFound(TestSystem system) {
        // given
        Hub hub = system.connect("ws-private", ExternalApp.GOOGLE_ADS, "2000000001", "sa-marketing");
        ReadHub readHub = system.readHub();

        // when / then
        assertThrows(HubNotFoundException.class, () -> readHub.read(owner("ws-nosy"), hub.hubId()));
        assertThrows(HubNotFoundException.class, () -> readHub.read(user(STRANGER, "ws-private"), hub.hubId()));
        assertThrows(HubNotFoundException.class,
                () -> readHub.history(user(STRANGER, "ws-private"), hub.hubId(), Optional.empty(), 20));
        assertThrows(HubNotFoundException.class, () -> readHub.read(owner("ws-private"), "hub_NOPE"));
    }

    @Test
    void aHistoryCursorOfAnotherHubIsRefused(TestSystem system) {
        // given: a cursor into the history of a hub with two entries
        Hub a = system.validatedHub("ws-cursor", ExternalApp.GOOGLE_ADS, "2000000001", "sa-marketing");
        Hub b = system.connect("ws-cursor", ExternalApp.GOOGLE_ADS, "2000000002", "sa-marketing");
        Optional<String> cursorOfA = system.readHub().history(owner("ws-cursor"), a.hubId(), Optional.empty(), 1).nextCursor();

        // when / then
        assertTrue(cursorOfA.isPresent());
        assertThrows(InvalidCursorException.class,
                () -> system.readHub().history(owner("ws-cursor"), b.hubId(), cursorOfA, 20));
    }
}
