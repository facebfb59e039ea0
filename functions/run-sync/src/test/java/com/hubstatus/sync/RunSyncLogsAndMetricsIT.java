package com.hubstatus.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.local.emulators.LambdaContext;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.runtime.EmfMetrics;
import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Finding;
import com.hubstatus.status.Hub;
import com.hubstatus.status.SyncResult;
import com.hubstatus.testing.LogCapture;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.MeteredGateway;
import com.hubstatus.usecase.RunSync;
import com.hubstatus.usecase.StatusRecorder;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static com.hubstatus.testing.LambdaEvents.delivery;
import static com.hubstatus.testing.TestSystem.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees of a sync delivered to run-sync: the JSON log line of the transition it
 * records, naming the invocation, the delivered event, the workspace and the hub; and its metrics
 * in CloudWatch's embedded metric format (syncs started and ended, the external call's latency and
 * errors, the transition by status and cause).
 */
@ExtendWith(TestSystemExtension.class)
class RunSyncLogsAndMetricsIT {

    /** An app whose syncs answer as the test says. */
    private static final class App implements ExternalAppGateway {
        private final SyncResult answer;

        App(SyncResult answer) {
            this.answer = answer;
        }

        @Override
        public CheckResult check(HubRef hub) {
            return CheckResult.passed();
        }

        @Override
        public SyncResult sync(HubRef hub, String runId) {
            return answer;
        }
    }

    private record Run(LambdaContext context, BusEvent requested, Hub hub) {
    }

    /** A validated hub in {@code workspace} whose owner asked for a sync, delivered to run-sync against {@code app}. */
    private static Run deliverASync(TestSystem system, String workspace, String businessId, ExternalAppGateway app) {
        Hub hub = system.validatedHub(workspace, ExternalApp.GOOGLE_ADS, businessId, "sa-marketing");
        system.bus.clear();
        system.startSync().start(owner(workspace), hub.hubId());
        BusEvent requested = system.published(EventCodec.SYNC_REQUESTED).getFirst();
        EmfMetrics metrics = new EmfMetrics("hubstatus", "stack-under-test");
        RunSyncHandler handler = new RunSyncHandler(new RunSync(
                new StatusRecorder(system.store, system.relay, system.clock, metrics), system.transitions,
                MeteredGateway.of(app, metrics)));
        LambdaContext context = LambdaContext.of("RunSyncFunction");
        try {
            handler.handleRequest(delivery(requested), new ByteArrayOutputStream(), context);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new Run(context, requested, hub);
    }

    @Test
    void aSuccessfulSyncLogsItsTransitionAndCountsTheSyncTheCallAndTheTransition(TestSystem system) {
        try (LogCapture capture = LogCapture.start()) {
            // when
            Run run = deliverASync(system, "ws-sync-signals", "5000000001", new App(SyncResult.succeeded()));
            String requestId = run.context().getAwsRequestId();

            // then: one log line, for the transition, with every id it concerns
            JsonNode line = capture.logsOf(requestId).getFirst();
            assertEquals(1, capture.logsOf(requestId).size(), capture.logsOf(requestId).toString());
            assertEquals("status REQUIRES_SYNC -> HEALTHY (SYNC_SUCCEEDED; reasons [])", line.get("message").asText());
            assertEquals("INFO", line.get("level").asText());
            assertEquals("com.hubstatus.usecase.StatusRecorder", line.get("logger").asText());
            assertEquals("RunSyncFunction", line.get("function").asText());
            assertEquals("ws-sync-signals", line.get("workspaceId").asText());
            assertEquals(run.hub().hubId(), line.get("hubId").asText());
            assertEquals(run.requested().detail().get("eventId").asText(), line.get("eventId").asText());
            assertTrue(line.hasNonNull("statusEventId") && line.hasNonNull("timestamp"), line.toString());

            // and: the sync started and succeeded, once each
            JsonNode syncs = capture.metricLine(requestId, "SyncsStarted");
            assertEquals(1, syncs.get("SyncsStarted").asInt());
            assertEquals(1, syncs.get("SyncsSucceeded").asInt());
            assertEquals(false, syncs.has("SyncsFailed"));

            // and: one call to the app, timed, no error
            JsonNode call = capture.metricLine(requestId, "ExternalCallLatency");
            assertEquals("google-ads", call.get("App").asText());
            assertEquals("sync", call.get("Operation").asText());
            assertTrue(call.get("ExternalCallLatency").isNumber() && call.get("ExternalCallLatency").asDouble() >= 0,
                    call.toString());
            assertEquals(0, call.get("ExternalCallErrors").asInt());

            // and: the transition by status and cause
            JsonNode transition = capture.metricLine(requestId, "StatusTransitions");
            assertEquals("HEALTHY", transition.get("Status").asText());
            assertEquals("SYNC_SUCCEEDED", transition.get("Cause").asText());
            assertEquals(3, capture.metricsOf(requestId).size());
        }
    }

    @Test
    void aSyncTheAppCouldNotConcludeCountsAsAFailedSyncAndAnExternalCallError(TestSystem system) {
        try (LogCapture capture = LogCapture.start()) {
            // when
            Run run = deliverASync(system, "ws-sync-down", "5000000002",
                    new App(SyncResult.failed(Finding.of(Cause.TRANSIENT, "the app timed out"))));
            String requestId = run.context().getAwsRequestId();

            // then
            JsonNode syncs = capture.metricLine(requestId, "SyncsStarted");
            assertEquals(1, syncs.get("SyncsFailed").asInt());
            assertEquals(false, syncs.has("SyncsSucceeded"));
            assertEquals(1, capture.metricLine(requestId, "ExternalCallErrors").get("ExternalCallErrors").asInt());
        }
    }
}
