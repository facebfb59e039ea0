package com.hubstatus.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.hubstatus.testing.LambdaEvents.busEvent;
import static com.hubstatus.testing.LambdaEvents.delivery;
import static com.hubstatus.testing.LambdaEvents.invoke;
import static com.hubstatus.testing.LambdaEvents.raw;
import static com.hubstatus.testing.TestSystem.WORKSPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mapping of run-validation's three triggers to ValidateCohort, CheckHub and RetryDueWork: each
 * sample event of {@code events/RunValidationFunction} reaches its use case, the answer carries
 * what it did, and events it cannot take are dropped. What the use cases do is tested in
 * {@code com.hubstatus.usecase}.
 */
@ExtendWith(TestSystemExtension.class)
class RunValidationHandlerIT {

    private static RunValidationHandler handler(TestSystem system) {
        return new RunValidationHandler(system.validateCohort(system.externalApp, 300),
                system.checkHub(system.externalApp), system.retryDueWork());
    }

    @Test
    void theSampleValidationRequestedEventRunsTheValidationAndAnswersWhatItDid(TestSystem system) {
        // given: two hubs of the sample's app in its workspace, validating
        system.connect(WORKSPACE, ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        system.connect(WORKSPACE, ExternalApp.META_BUSINESS_MANAGER, "9999999999", "sa-marketing");
        String runId = system.store.findCohort(WORKSPACE, ExternalApp.META_BUSINESS_MANAGER).orElseThrow().run().runId();
        Map<String, String> pointedAtTheRun = Map.of("runId", runId, "eventId", "evt_cohort_1");

        // when
        JsonNode answer = invoke(handler(system), busEvent("RunValidationFunction/ValidationRequested.json", pointedAtTheRun));
        JsonNode again = invoke(handler(system), busEvent("RunValidationFunction/ValidationRequested.json", pointedAtTheRun));

        // then
        assertEquals("COMPLETED", answer.get("outcome").asText(), answer.toString());
        assertEquals(runId, answer.get("runId").asText());
        assertEquals(2, answer.get("checked").asInt());
        assertEquals(2, answer.get("settled").asInt());
        assertEquals("STALE", again.get("outcome").asText(), "the run the event asks for is over");
    }

    @Test
    void theSampleValidationRequestedEventForAnotherRunIsStale(TestSystem system) {
        JsonNode answer = invoke(handler(system), busEvent("RunValidationFunction/ValidationRequested.json",
                Map.of("eventId", "evt_unknown_run")));
        assertEquals("STALE", answer.get("outcome").asText());
        assertEquals("val_01KMA2QA0000000000000000R1", answer.get("runId").asText());
    }

    @Test
    void aCheckRequestedDeliveryIsCheckedAndAnswersItsOutcome(TestSystem system) {
        // given: a hub connected after its app's validation, with a business ID the app does not know
        system.connectedAfterValidation("ws-check", ExternalApp.GOOGLE_ADS, "2000000099");

        // when
        JsonNode answer = invoke(handler(system), delivery(system.published(EventCodec.CHECK_REQUESTED).getFirst()));

        // then
        assertEquals("FAILED", answer.get("outcome").asText());
    }

    @Test
    void theSampleCheckRequestedEventReachesCheckHub(TestSystem system) {
        // when: the sample names a hub that is not there
        JsonNode answer = invoke(handler(system), busEvent("RunValidationFunction/CheckRequested.json", Map.of()));

        // then
        assertEquals("HUB_GONE", answer.get("outcome").asText());
    }

    @Test
    void theSampleRetryScheduleEventAsksAgainForWorkPastItsRetryTimeAndAnswersTheCounts(TestSystem system) {
        // given: a validation whose hand-off was lost
        system.connect("ws-lost", ExternalApp.META_BUSINESS_MANAGER, "1000000003", "sa-marketing");
        system.bus.clear();
        system.clock.advance(Duration.ofMinutes(16));

        // when
        JsonNode answer = invoke(handler(system), busEvent("RunValidationFunction/ValidationRetry.json", Map.of()));

        // then
        assertEquals("DONE", answer.get("outcome").asText());
        assertEquals(0, answer.get("hubsAskedAgain").asInt());
        assertTrue(answer.get("validationsAskedAgain").asInt() >= 1);
        assertTrue(answer.get("scannedCount").asInt() >= 1);
        assertEquals(answer.get("validationsAskedAgain").asInt(), system.published(EventCodec.VALIDATION_REQUESTED).size());
    }

    @Test
    void eventsItDoesNotTakeOrCannotReadAreDroppedAndWriteNothing(TestSystem system) {
        // given
        int items = system.itemCount();
        List<InputStream> events = List.of(
                busEvent("RunValidationFunction/ValidationRequested.json", Map.of("app", "myspace")),
                busEvent("RunSyncFunction/SyncRequested.json", Map.of()),
                raw("{\"detail-type\": \"Check Requested\", \"source\": \"hubstatus\", \"detail\": []}"));

        // when / then
        for (InputStream event : events) {
            assertEquals("DROPPED", invoke(handler(system), event).get("outcome").asText());
        }
        assertEquals(items, system.itemCount());
    }
}
