package com.hubstatus.usecase;

import com.hubstatus.outbox.OutboxEntry;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.SyncTrigger;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class SweepStalenessIT {

    private static SweepStaleness.Result sweep(TestSystem system) {
        return system.sweepStaleness().run(TimeBudget.unlimited());
    }

    /** Takes the hubs this class's other tests synced out of the sweep index: three days on, every one is stale and recorded so. */
    private static void sweepAwayOtherTestsHubs(TestSystem system) {
        system.clock.advance(Duration.ofDays(3));
        sweep(system);
    }

    @Test
    void aheadOfStalenessTheSweepAsksOnceForAnAutomaticSyncThenRecordsStalenessWhenItIsReached(TestSystem system) {
        // given
        sweepAwayOtherTestsHubs(system);
        Hub hub = system.syncedHub("ws-sweep", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000001");
        Instant syncedAt = hub.lastSuccessAt();
        system.bus.clear();

        // when: 21 h later nothing is due
        system.clock.advance(Duration.ofHours(21));
        SweepStaleness.Result early = sweep(system);

        // then
        assertEquals(0, early.dueHubs());

        // when: 22 h after the success
        system.clock.advance(Duration.ofHours(1));
        SweepStaleness.Result ahead = sweep(system);
        SweepStaleness.Result again = sweep(system);

        // then
        assertEquals(1, ahead.hubsChanged());
        DomainEvent.SyncRequested automatic = system.published(DomainEvent.SyncRequested.class).getFirst();
        assertEquals(SyncTrigger.AUTOMATIC, automatic.trigger());
        assertEquals(hub.hubId(), automatic.hubId());
        assertEquals(0, again.dueHubs(), "asked once per success");
        assertEquals(1, system.published(DomainEvent.SyncRequested.class).size());

        // when: the automatic sync never ran and the threshold passes
        system.clock.advance(Duration.ofHours(2).plusMillis(1));
        SweepStaleness.Result stale = sweep(system);

        // then
        assertEquals(1, stale.hubsChanged());
        DomainEvent.HubStatusChanged changed = system.published(DomainEvent.HubStatusChanged.class).getFirst();
        assertEquals(HubStatus.HEALTHY, changed.from());
        assertEquals(HubStatus.REQUIRES_SYNC, changed.to());
        assertEquals(TransitionCause.STALENESS_REACHED, changed.cause());
        HistoryEntry entry = system.store.history("ws-sweep", hub.hubId(), Optional.empty(), 1).items().getFirst();
        assertEquals(HubStatus.REQUIRES_SYNC, entry.to());
        assertEquals(TransitionCause.STALENESS_REACHED, entry.cause());
        assertEquals(syncedAt.plus(Duration.ofHours(24)), entry.at());
        assertEquals(0, sweep(system).dueHubs(), "recorded once; the hub leaves the sweep index");
    }

    @Test
    void eventsWhosePublicationFailedArePublishedByTheSweep(TestSystem system) {
        // given: EventBridge fails every call while a hub syncs
        system.bus.failNextCalls(1000, 500, "InternalException");
        system.syncedHub("ws-outbox", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000002");
        List<String> waiting = system.outbox("ws-outbox").stream().map(OutboxEntry::eventId).toList();
        assertTrue(waiting.size() >= 3, "the events wait in the outbox: " + waiting);
        system.bus.clear();

        // when: EventBridge is back and the sweep runs a few minutes later
        system.clock.advance(Duration.ofMinutes(2));
        SweepStaleness.Result result = sweep(system);

        // then
        assertTrue(result.eventsRepublished() >= waiting.size());
        List<String> published = system.bus.events().stream().map(e -> e.detail().get("eventId").asText()).toList();
        assertTrue(published.containsAll(waiting));
        assertTrue(system.outbox().isEmpty());
    }

    @Test
    void theSweepReadsOnlyTheHubsThatAreDue(TestSystem system) {
        // given: 30 hubs synced, then 1 more 23 h later
        sweepAwayOtherTestsHubs(system);
        for (int i = 0; i < 30; i++) {
            system.syncedHub("ws-many", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, String.format("31%08d", i));
        }
        system.clock.advance(Duration.ofHours(23));
        system.syncedHub("ws-many", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3200000000");
        system.clock.advance(Duration.ofMinutes(30));

        // when
        SweepStaleness.Result result = sweep(system);

        // then: only the 30 older ones are due; the fresh one is not even read
        assertEquals(30, result.dueHubs());
        assertEquals(30, result.sweepScannedCount());
    }
}
