package com.hubstatus.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.hubstatus.testing.LambdaEvents.busEvent;
import static com.hubstatus.testing.LambdaEvents.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class SweepStalenessHandlerIT {

    private static TestSystem system;
    private static SweepStalenessHandler handler;

    @BeforeAll
    static void start(TestSystem started) {
        system = started;
        handler = new SweepStalenessHandler(system.sweepStaleness());
    }


    @BeforeEach
    void clearBus() {
        system.bus.clear();
    }

    /** A hub that synced successfully just now. */
    private static Hub syncedHub(String workspace, String businessId) {
        Hub hub = system.validatedHub(workspace, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, businessId, "sa-marketing");
        return system.syncSuccessfully(workspace, hub.hubId());
    }

    private static JsonNode sweep() {
        return invoke(handler, busEvent("SweepStalenessFunction/Sweep.json", Map.of()));
    }

    @Test
    void aheadOfStalenessTheSweepAsksOnceForAnAutomaticSyncThenRecordsStalenessWhenItIsReached() {
        // given
        Hub hub = syncedHub("ws-sweep", "3000000001");
        Instant syncedAt = hub.lastSuccessAt();
        system.bus.clear();

        // when: 21 h later nothing is due
        system.clock.advance(Duration.ofHours(21));
        JsonNode early = sweep();

        // then
        assertEquals(0, early.get("dueHubs").asInt());

        // when: 22 h after the success
        system.clock.advance(Duration.ofHours(1));
        JsonNode ahead = sweep();
        JsonNode again = sweep();

        // then
        assertEquals(1, ahead.get("hubsChanged").asInt());
        BusEvent automatic = system.published(EventCodec.SYNC_REQUESTED).getFirst();
        assertEquals("AUTOMATIC", automatic.detail().get("trigger").asText());
        assertEquals(hub.hubId(), automatic.detail().get("hubId").asText());
        assertEquals(0, again.get("dueHubs").asInt(), "asked once per success");
        assertEquals(1, system.published(EventCodec.SYNC_REQUESTED).size());

        // when: the automatic sync never ran and the threshold passes
        system.clock.advance(Duration.ofHours(2).plusMillis(1));
        JsonNode stale = sweep();

        // then
        assertEquals(1, stale.get("hubsChanged").asInt());
        BusEvent changed = system.published(EventCodec.HUB_STATUS_CHANGED).getFirst();
        assertEquals("HEALTHY", changed.detail().get("from").asText());
        assertEquals("REQUIRES_SYNC", changed.detail().get("to").asText());
        assertEquals("STALENESS_REACHED", changed.detail().get("cause").asText());
        HistoryEntry entry = system.store.history("ws-sweep", hub.hubId(), Optional.empty(), 1).items().getFirst();
        assertEquals(HubStatus.REQUIRES_SYNC, entry.to());
        assertEquals(TransitionCause.STALENESS_REACHED, entry.cause());
        assertEquals(syncedAt.plus(Duration.ofHours(24)), entry.at());
        assertEquals(0, sweep().get("dueHubs").asInt(), "recorded once; the hub leaves the sweep index");
    }

    @Test
    void eventsWhosePublicationFailedArePublishedByTheSweep() {
        // given: EventBridge fails every call while a hub syncs
        system.bus.failNextCalls(1000, 500, "InternalException");
        Hub hub = syncedHub("ws-outbox", "3000000002");
        List<String> waiting = system.store.unpublished(system.clock.instant().plusSeconds(3600), 1000).stream()
                .filter(e -> e.detail().contains(hub.hubId())).map(e -> e.eventId()).toList();
        assertTrue(waiting.size() >= 3, "the events wait in the outbox: " + waiting);
        system.bus.clear();

        // when: EventBridge is back and the sweep runs a few minutes later
        system.clock.advance(Duration.ofMinutes(2));
        JsonNode answer = sweep();

        // then
        assertTrue(answer.get("eventsRepublished").asInt() >= waiting.size());
        List<String> published = system.bus.events().stream().map(e -> e.detail().get("eventId").asText()).toList();
        assertTrue(published.containsAll(waiting));
        assertTrue(system.store.unpublished(system.clock.instant().plusSeconds(3600), 1000).isEmpty());
    }

    @Test
    void theSweepReadsOnlyTheHubsThatAreDue() {
        // given: after this class's other hubs are done with, 30 hubs synced, then 1 more 23 h later
        system.clock.advance(Duration.ofDays(3));
        sweep();
        for (int i = 0; i < 30; i++) {
            syncedHub("ws-many", String.format("31%08d", i));
        }
        system.clock.advance(Duration.ofHours(23));
        syncedHub("ws-many", "3200000000");
        system.clock.advance(Duration.ofMinutes(30));

        // when
        JsonNode answer = sweep();

        // then: only the 30 older ones are due; the fresh one is not even read
        assertEquals(30, answer.get("dueHubs").asInt());
        assertEquals(30, answer.get("sweepScannedCount").asInt());
    }

    @Test
    void anEventOtherThanItsScheduleIsDroppedAndChangesNothing() {
        long items = system.allItems().size();
        JsonNode answer = invoke(handler, busEvent("RunSyncFunction/SyncRequested.json", Map.of()));
        assertEquals("DROPPED", answer.get("outcome").asText());
        assertEquals(items, system.allItems().size());
    }
}
