package com.hubstatus.usecase;

import com.hubstatus.events.EventCodec;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.status.Cause;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Finding;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.SyncTrigger;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.testing.SwitchedApp;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.port.HubWithCohort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rule 8 of the contract, end to end through the use cases: every hub that reaches its
 * automatic-sync time and has nothing open that a sync cannot pass gets its sync, whatever its
 * validation or check was doing.
 */
@ExtendWith(TestSystemExtension.class)
class AutomaticSyncIT {

    private static TestSystem system;

    @BeforeAll
    static void start(TestSystem started) {
        system = started;
    }

    @Test
    void aHubWhoseSyncSucceededWhileUnderValidationIsSyncedAutomaticallyWhenItIsDue() {
        // given: the app is down when the hub is connected (every check inconclusive; syncs work),
        // so its validation keeps retrying
        SwitchedApp app = new SwitchedApp(Finding.of(Cause.TRANSIENT, "the app is unavailable"), null);
        Hub hub = system.connect("ws-auto", ExternalApp.GOOGLE_ADS, "2000000001", "sa-marketing");
        ValidationCohort cohort = system.store.findCohort("ws-auto", ExternalApp.GOOGLE_ADS).orElseThrow();
        ValidateCohort.Result validation = system.validateCohort(app, 1000).run(new DomainEvent.ValidationRequested(
                "evt-val-1", system.clock.instant(), "ws-auto", ExternalApp.GOOGLE_ADS, cohort.run().runId(),
                cohort.run().kind()), TimeBudget.unlimited());
        assertEquals(ValidateCohort.Outcome.WAITING_FOR_INCONCLUSIVE_CHECKS, validation.outcome());

        // and: the app works again, and the owner's sync succeeds while the hub is still Under validation
        app.working(true);
        system.bus.clear();
        system.startSync().start(user(OWNER, "ws-auto"), hub.hubId());
        system.runSync(app).run(syncRequested());
        assertEquals(HubStatus.UNDER_VALIDATION, status(hub));

        // when: 22 hours later, the sweep finds it at its automatic-sync time
        system.bus.clear();
        system.clock.advance(Duration.ofHours(22));
        system.sweepStaleness().run(TimeBudget.unlimited());

        // then: its automatic sync is asked for
        DomainEvent.SyncRequested automatic = syncRequested();
        assertEquals(SyncTrigger.AUTOMATIC, automatic.trigger());
        assertEquals(hub.hubId(), automatic.hubId());
        assertEquals(RunSync.Outcome.SUCCEEDED, system.runSync(app).run(automatic));
        system.clock.advance(Duration.ofHours(3));
        assertEquals(HubStatus.UNDER_VALIDATION, status(hub), "synced again, so not stale; still validating");
    }

    private static DomainEvent.SyncRequested syncRequested() {
        List<BusEvent> requested = system.published(EventCodec.SYNC_REQUESTED);
        assertEquals(1, requested.size(), requested.toString());
        return (DomainEvent.SyncRequested) EventCodec.decode(requested.getFirst().detailType(), requested.getFirst().detail());
    }

    private static HubStatus status(Hub hub) {
        HubWithCohort found = system.store.findHubWithCohort(hub.workspaceId(), hub.hubId()).orElseThrow();
        return system.transitions.evaluator().evaluate(found.hub(), found.cohort(), system.clock.instant()).status();
    }
}
