package com.hubstatus.usecase;

import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.NextAction;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.SyncTrigger;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.testing.CountingExternalApp;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.hubstatus.testing.TestSystem.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class RunSyncIT {

    /** A validated hub of {@code businessId} whose owner pressed sync: the request run-sync receives. */
    private static DomainEvent.SyncRequested syncAskedFor(TestSystem system, String workspace, String businessId,
                                                          String serviceAccount) {
        String hubId = system.validatedHub(workspace, ExternalApp.META_BUSINESS_MANAGER, businessId, serviceAccount).hubId();
        system.bus.clear();
        system.startSync().start(owner(workspace), hubId);
        return system.published(DomainEvent.SyncRequested.class).getFirst();
    }

    @Test
    void aSyncAskedForRunsThroughTheAppAndMakesTheHubHealthy(TestSystem system) {
        // given
        CountingExternalApp app = new CountingExternalApp(system.externalApp);
        DomainEvent.SyncRequested request = syncAskedFor(system, "ws-sync", "1000000001", "sa-marketing");
        system.clock.advance(Duration.ofSeconds(30));

        // when
        RunSync.Outcome outcome = system.runSync(app).run(request);

        // then
        assertEquals(RunSync.Outcome.SUCCEEDED, outcome);
        assertEquals(1, app.syncs());
        assertEquals(HubStatus.HEALTHY, system.statusOf("ws-sync", request.hubId()).status());
        DomainEvent.HubStatusChanged changed = system.published(DomainEvent.HubStatusChanged.class).getLast();
        assertEquals(HubStatus.REQUIRES_SYNC, changed.from());
        assertEquals(HubStatus.HEALTHY, changed.to());
        assertEquals(TransitionCause.SYNC_SUCCEEDED, changed.cause());
    }

    @Test
    void twoDeliveriesOfOneRequestArrivingTogetherRunTheSyncOnceAndALateThirdChangesNothing(TestSystem system)
            throws Exception {
        // given: the app holds the first sync until the second delivery is done
        CountingExternalApp app = new CountingExternalApp(system.externalApp);
        DomainEvent.SyncRequested request = syncAskedFor(system, "ws-dup", "1000000004", "sa-marketing");
        RunSync runSync = system.runSync(app);
        app.holdSyncs();

        // when
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<RunSync.Outcome> first = pool.submit(() -> runSync.run(request));
            Future<RunSync.Outcome> second = pool.submit(() -> runSync.run(request));
            RunSync.Outcome done = waitForOneOf(first, second);
            app.release();
            List<RunSync.Outcome> outcomes = List.of(first.get(), second.get()).stream().sorted().toList();

            // then
            assertEquals(RunSync.Outcome.NOT_CLAIMED, done);
            assertEquals(List.of(RunSync.Outcome.NOT_CLAIMED, RunSync.Outcome.SUCCEEDED), outcomes);
            assertEquals(1, app.syncs());
        } finally {
            app.release();
        }

        // and
        assertEquals(RunSync.Outcome.DUPLICATE, runSync.run(request));
        assertEquals(1, app.syncs());
    }

    private static <T> T waitForOneOf(Future<T> a, Future<T> b) throws Exception {
        while (true) {
            if (a.isDone()) {
                return a.get();
            }
            if (b.isDone()) {
                return b.get();
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aSyncFailingOnTheServiceAccountPutsTheHubInReviewServiceAccount(TestSystem system) {
        // given
        DomainEvent.SyncRequested request = syncAskedFor(system, "ws-fail", "1000000001", "sa-wrong-password");

        // when
        RunSync.Outcome outcome = system.runSync(system.externalApp).run(request);

        // then
        assertEquals(RunSync.Outcome.FAILED, outcome);
        StatusView status = system.statusOf("ws-fail", request.hubId());
        assertEquals(HubStatus.REVIEW_SERVICE_ACCOUNT, status.status());
        assertEquals(ReasonCode.SERVICE_ACCOUNT_CREDENTIALS_INVALID, status.reasonCodes().getFirst());
        assertEquals(NextAction.UPDATE_SERVICE_ACCOUNT_CREDENTIALS, status.nextAction());
        assertTrue(status.reasonCodes().contains(ReasonCode.LAST_SYNC_FAILED));
    }

    @Test
    void aTransientSyncFailureLeavesTheHubRequiringASync(TestSystem system) {
        // given: the default fixtures fail syncs of business ID 1000000005 transiently
        DomainEvent.SyncRequested request = syncAskedFor(system, "ws-transient", "1000000005", "sa-marketing");

        // when
        system.runSync(system.externalApp).run(request);

        // then
        StatusView status = system.statusOf("ws-transient", request.hubId());
        assertEquals(HubStatus.REQUIRES_SYNC, status.status());
        assertEquals(List.of(ReasonCode.NO_INITIAL_SYNC, ReasonCode.LAST_SYNC_FAILED), status.reasonCodes().subList(0, 2));
        assertNull(system.hub("ws-transient", request.hubId()).syncRun());
    }

    @Test
    void aRequestForAHubThatIsNotThereChangesNothing(TestSystem system) {
        // given
        CountingExternalApp app = new CountingExternalApp(system.externalApp);
        int items = system.itemCount();

        // when
        RunSync.Outcome outcome = system.runSync(app).run(new DomainEvent.SyncRequested("evt_gone",
                system.clock.instant(), "ws-gone", "hub_NOTTHERE", "sync_NOTTHERE", SyncTrigger.MANUAL));

        // then
        assertEquals(RunSync.Outcome.HUB_GONE, outcome);
        assertEquals(items, system.itemCount());
        assertEquals(0, app.syncs());
    }

    @Test
    void aRequestForAnotherRunThanTheOneAskedForIsNotClaimed(TestSystem system) {
        // given
        CountingExternalApp app = new CountingExternalApp(system.externalApp);
        DomainEvent.SyncRequested request = syncAskedFor(system, "ws-stale-run", "1000000001", "sa-marketing");

        // when
        RunSync.Outcome outcome = system.runSync(app).run(new DomainEvent.SyncRequested("evt_other",
                request.occurredAt(), request.workspaceId(), request.hubId(), "sync_NOTTHISONE", request.trigger()));

        // then
        assertEquals(RunSync.Outcome.NOT_CLAIMED, outcome);
        assertEquals(0, app.syncs());
    }

    @Test
    void aRunWhoseExecutorDiedIsTakenOverAfterItsLease(TestSystem system) {
        // given: a run claimed by an executor that never finished
        DomainEvent.SyncRequested request = syncAskedFor(system, "ws-lease", "1000000001", "sa-marketing");
        system.recorder.onHub("ws-lease", request.hubId(),
                (current, now) -> system.transitions.startSync(current.hub(), request.runId(), "a-dead-invocation", now));
        RunSync runSync = system.runSync(system.externalApp);

        // when: the same request is delivered again, first within the lease, then after it
        RunSync.Outcome within = runSync.run(request);
        system.clock.advance(Duration.ofMinutes(16));
        RunSync.Outcome after = runSync.run(request);

        // then
        assertEquals(RunSync.Outcome.NOT_CLAIMED, within);
        assertEquals(RunSync.Outcome.SUCCEEDED, after);
        assertEquals(HubStatus.HEALTHY, system.hub("ws-lease", request.hubId()).recorded().status());
    }
}
