package com.hubstatus.sync;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.http.HubJson;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.SyncResult;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.testing.LambdaEvents;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.hubstatus.testing.LambdaEvents.as;
import static com.hubstatus.testing.LambdaEvents.body;
import static com.hubstatus.testing.LambdaEvents.delivery;
import static com.hubstatus.testing.LambdaEvents.httpEvent;
import static com.hubstatus.testing.LambdaEvents.invoke;
import static com.hubstatus.testing.LambdaEvents.raw;
import static com.hubstatus.testing.LambdaEvents.withHubId;
import static com.hubstatus.testing.TestSystem.MANAGER;
import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.STRANGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class SyncHandlersIT {

    private static TestSystem system;
    private static StartSyncHandler startSync;
    private static RunSyncHandler runSync;
    private static final CountingGateway GATEWAY = new CountingGateway();

    /** The simulated app, counting the syncs that reach it. */
    static final class CountingGateway implements ExternalAppGateway {
        final AtomicInteger syncs = new AtomicInteger();
        volatile ExternalAppGateway delegate;
        volatile CountDownLatch holdSyncs = new CountDownLatch(0);

        @Override
        public CheckResult check(HubRef hub) {
            return delegate.check(hub);
        }

        @Override
        public SyncResult sync(HubRef hub, String runId) {
            syncs.incrementAndGet();
            try {
                holdSyncs.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.sync(hub, runId);
        }
    }

    @BeforeAll
    static void start(TestSystem started) {
        system = started;
        GATEWAY.delegate = system.externalApp;
        startSync = new StartSyncHandler(system.startSync(), system.identities);
        runSync = new RunSyncHandler(system.runSync(GATEWAY));
    }


    @BeforeEach
    void reset() {
        system.bus.clear();
        GATEWAY.syncs.set(0);
        GATEWAY.holdSyncs = new CountDownLatch(0);
    }

    /** A validated hub with no sync yet (Requires sync). */
    private static Hub validatedHub(String workspace, ExternalApp app, String businessId, String serviceAccount) {
        return system.validatedHub(workspace, app, businessId, serviceAccount);
    }

    private static APIGatewayV2HTTPResponse pressSync(String user, String workspace, String hubId) {
        return startSync.handleRequest(withHubId(as(httpEvent("StartSyncFunction/RunSync.json"), user, workspace, "[]"), hubId), null);
    }

    private static JsonNode status(String workspace, String hubId) {
        var found = system.store.findHubWithCohort(workspace, hubId).orElseThrow();
        return HubJson.status(system.transitions.evaluator().evaluate(found.hub(), found.cohort(), system.clock.instant()));
    }

    @Test
    void anOwnersSyncIsAcceptedRunAndMakesTheHubHealthy() {
        // given
        Hub hub = validatedHub("ws-sync", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");

        // when
        APIGatewayV2HTTPResponse accepted = pressSync(OWNER, "ws-sync", hub.hubId());

        // then
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());
        JsonNode run = body(accepted).get("syncRun");
        assertEquals("REQUESTED", run.get("state").asText());
        assertEquals("MANUAL", run.get("trigger").asText());
        assertEquals(run, body(accepted).at("/hub/sync/running"));
        BusEvent requested = system.published(EventCodec.SYNC_REQUESTED).getFirst();
        assertEquals(run.get("runId").asText(), requested.detail().get("runId").asText());

        // when: EventBridge delivers the request to the runner
        system.clock.advance(Duration.ofSeconds(30));
        JsonNode outcome = invoke(runSync, delivery(requested));

        // then
        assertEquals("SUCCEEDED", outcome.get("outcome").asText());
        assertEquals(1, GATEWAY.syncs.get());
        assertEquals("HEALTHY", status("ws-sync", hub.hubId()).get("code").asText());
        BusEvent changed = system.published(EventCodec.HUB_STATUS_CHANGED).getLast();
        assertEquals("REQUIRES_SYNC", changed.detail().get("from").asText());
        assertEquals("HEALTHY", changed.detail().get("to").asText());
        assertEquals("SYNC_SUCCEEDED", changed.detail().get("cause").asText());
    }

    @Test
    void aSecondSyncWhileOneIsRunningIsRefusedWith409() {
        // given
        Hub hub = validatedHub("ws-twice", ExternalApp.META_BUSINESS_MANAGER, "1000000002", "sa-marketing");
        assertEquals(202, pressSync(OWNER, "ws-twice", hub.hubId()).getStatusCode());
        long items = system.allItems().size();

        // when
        APIGatewayV2HTTPResponse again = pressSync(OWNER, "ws-twice", hub.hubId());

        // then
        assertEquals(409, again.getStatusCode());
        assertEquals("SYNC_ALREADY_RUNNING", body(again).at("/error/code").asText());
        assertEquals(1, system.published(EventCodec.SYNC_REQUESTED).size());
        assertEquals(items, system.allItems().size());
    }

    @Test
    void twoOwnersPressingSyncAtOnceStartOneSync() throws Exception {
        // given
        Hub hub = validatedHub("ws-race", ExternalApp.META_BUSINESS_MANAGER, "1000000003", "sa-marketing");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            // when
            List<Future<Integer>> presses = List.of(
                    pool.submit(() -> { go.await(); return pressSync(OWNER, "ws-race", hub.hubId()).getStatusCode(); }),
                    pool.submit(() -> { go.await(); return pressSync(OWNER, "ws-race", hub.hubId()).getStatusCode(); }));
            go.countDown();
            List<Integer> statuses = List.of(presses.get(0).get(), presses.get(1).get()).stream().sorted().toList();

            // then
            assertEquals(List.of(202, 409), statuses);
            assertEquals(1, system.published(EventCodec.SYNC_REQUESTED).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDuplicateDeliveryRunsTheSyncOnceEvenWhenBothArriveTogether() throws Exception {
        // given
        Hub hub = validatedHub("ws-dup", ExternalApp.META_BUSINESS_MANAGER, "1000000004", "sa-marketing");
        pressSync(OWNER, "ws-dup", hub.hubId());
        BusEvent requested = system.published(EventCodec.SYNC_REQUESTED).getFirst();
        GATEWAY.holdSyncs = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // when: two deliveries of the same event race; the first holds its sync until the second is done
            Future<JsonNode> first = pool.submit(() -> invoke(runSync, delivery(requested)));
            Future<JsonNode> second = pool.submit(() -> invoke(runSync, delivery(requested)));
            JsonNode done = waitForOneOf(first, second);
            GATEWAY.holdSyncs.countDown();
            List<String> outcomes = List.of(first.get().get("outcome").asText(), second.get().get("outcome").asText())
                    .stream().sorted().toList();

            // then
            assertEquals("NOT_CLAIMED", done.get("outcome").asText());
            assertEquals(List.of("NOT_CLAIMED", "SUCCEEDED"), outcomes);
            assertEquals(1, GATEWAY.syncs.get());

            // and a late third delivery changes nothing
            assertEquals("DUPLICATE", invoke(runSync, delivery(requested)).get("outcome").asText());
            assertEquals(1, GATEWAY.syncs.get());
        } finally {
            GATEWAY.holdSyncs.countDown();
            pool.shutdownNow();
        }
    }

    private static JsonNode waitForOneOf(Future<JsonNode> a, Future<JsonNode> b) throws Exception {
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
    void aSyncFailingOnTheServiceAccountPutsTheHubInReviewServiceAccount() {
        // given
        Hub hub = validatedHub("ws-fail", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-wrong-password");
        pressSync(OWNER, "ws-fail", hub.hubId());

        // when
        JsonNode outcome = invoke(runSync, delivery(system.published(EventCodec.SYNC_REQUESTED).getFirst()));

        // then
        assertEquals("FAILED", outcome.get("outcome").asText());
        JsonNode status = status("ws-fail", hub.hubId());
        assertEquals("REVIEW_SERVICE_ACCOUNT", status.get("code").asText());
        assertEquals("SERVICE_ACCOUNT_CREDENTIALS_INVALID", status.at("/reasons/0/code").asText());
        assertEquals("UPDATE_SERVICE_ACCOUNT_CREDENTIALS", status.at("/nextAction/code").asText());
        assertTrue(status.toString().contains("LAST_SYNC_FAILED"));
    }

    @Test
    void aTransientSyncFailureLeavesTheHubRequiringASync() {
        // given: the default fixtures fail syncs of business ID 1000000005 transiently
        Hub hub = validatedHub("ws-transient", ExternalApp.META_BUSINESS_MANAGER, "1000000005", "sa-marketing");
        pressSync(OWNER, "ws-transient", hub.hubId());

        // when
        invoke(runSync, delivery(system.published(EventCodec.SYNC_REQUESTED).getFirst()));

        // then
        JsonNode status = status("ws-transient", hub.hubId());
        assertEquals("REQUIRES_SYNC", status.get("code").asText());
        assertEquals(List.of("NO_INITIAL_SYNC", "LAST_SYNC_FAILED"),
                List.of(status.at("/reasons/0/code").asText(), status.at("/reasons/1/code").asText()));
        assertNull(system.store.findHub("ws-transient", hub.hubId()).orElseThrow().syncRun());
    }

    @Test
    void managersMayNotSyncAndOthersCannotSeeTheHub() {
        // given
        Hub hub = validatedHub("ws-roles", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        long items = system.allItems().size();

        // when / then
        APIGatewayV2HTTPResponse manager = pressSync(MANAGER, "ws-roles", hub.hubId());
        assertEquals(403, manager.getStatusCode());
        assertEquals("FORBIDDEN", body(manager).at("/error/code").asText());
        assertEquals(404, pressSync(STRANGER, "ws-roles", hub.hubId()).getStatusCode());
        assertEquals(404, pressSync(OWNER, "ws-elsewhere", hub.hubId()).getStatusCode());
        APIGatewayV2HTTPEvent noClaims = httpEvent("StartSyncFunction/RunSync.json");
        noClaims.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of());
        assertEquals(401, startSync.handleRequest(noClaims, null).getStatusCode());
        assertEquals(items, system.allItems().size());
        assertTrue(system.published(EventCodec.SYNC_REQUESTED).isEmpty());
    }

    @Test
    void theSampleSyncRequestForAHubThatIsNotThereChangesNothing() {
        // given
        long items = system.allItems().size();

        // when
        JsonNode outcome = invoke(runSync, LambdaEvents.busEvent("RunSyncFunction/SyncRequested.json", Map.of()));

        // then
        assertEquals("HUB_GONE", outcome.get("outcome").asText());
        assertEquals(items, system.allItems().size());
        assertEquals(0, GATEWAY.syncs.get());
    }

    @Test
    void aStaleRunIdIsIgnored() {
        // given
        Hub hub = validatedHub("ws-stale-run", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        pressSync(OWNER, "ws-stale-run", hub.hubId());

        // when
        JsonNode outcome = invoke(runSync, LambdaEvents.busEvent("RunSyncFunction/SyncRequested.json",
                Map.of("workspaceId", "ws-stale-run", "hubId", hub.hubId(), "runId", "sync_NOTTHISONE", "eventId", "evt_other")));

        // then
        assertEquals("NOT_CLAIMED", outcome.get("outcome").asText());
        assertEquals(0, GATEWAY.syncs.get());
    }

    @Test
    void malformedOrUnknownEventsAreDroppedWithoutRetryAndWriteNothing() {
        // given
        long items = system.allItems().size();

        // when / then
        assertEquals("DROPPED", invoke(runSync, raw("not json")).get("outcome").asText());
        assertEquals("DROPPED", invoke(runSync, raw("{\"detail-type\": \"Sync Requested\"}")).get("outcome").asText());
        assertEquals("DROPPED", invoke(runSync, LambdaEvents.busEvent("RunSyncFunction/SyncRequested.json",
                Map.of("trigger", "WHENEVER"))).get("outcome").asText());
        assertEquals("DROPPED", invoke(runSync, LambdaEvents.busEvent("RunSyncFunction/SyncRequested.json",
                Map.of("occurredAt", "yesterday"))).get("outcome").asText());
        assertEquals("DROPPED", invoke(runSync, LambdaEvents.busEvent("RunValidationFunction/CheckRequested.json",
                Map.of())).get("outcome").asText());
        assertEquals(items, system.allItems().size());
        assertEquals(0, GATEWAY.syncs.get());
    }

    @Test
    void aRunWhoseExecutorDiedIsTakenOverAfterItsLease() {
        // given: a run claimed by an executor that never finished
        Hub hub = validatedHub("ws-lease", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        pressSync(OWNER, "ws-lease", hub.hubId());
        BusEvent requested = system.published(EventCodec.SYNC_REQUESTED).getFirst();
        String runId = requested.detail().get("runId").asText();
        system.recorder.onHub("ws-lease", hub.hubId(), (c, now) -> system.transitions.startSync(c.hub(), runId, now));

        // when: the same event is delivered again, first within the lease, then after it
        JsonNode within = invoke(runSync, delivery(requested));
        system.clock.advance(Duration.ofMinutes(16));
        JsonNode after = invoke(runSync, delivery(requested));

        // then
        assertEquals("NOT_CLAIMED", within.get("outcome").asText());
        assertEquals("SUCCEEDED", after.get("outcome").asText());
        assertEquals(HubStatus.HEALTHY, system.store.findHub("ws-lease", hub.hubId()).orElseThrow().recorded().status());
    }
}
