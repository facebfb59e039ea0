package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.local.emulators.LocalAwsClients;
import com.hubstatus.local.stack.testfunctions.RecordingHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bus and the schedules of test-template.yaml: events go to the functions whose rules on
 * their bus match them, asynchronously, with retries; schedules fire on the stack's clock.
 */
class EventDeliveryIT {

    private static final Duration QUIET = Duration.ofSeconds(30);
    private static final String ECHO_BUS = DevStack.STACK_NAME + "-echo";

    @RegisterExtension
    static final RunningStack RUNNING = RunningStack.ofTestTemplate("/test-template.yaml");

    private static DevStack stack;
    private static EventBridgeClient eventBridge;

    @BeforeAll
    static void connectToTheBus() {
        stack = RUNNING.stack();
        eventBridge = LocalAwsClients.to(stack.busEndpoint(), EventBridgeClient.builder());
    }

    @AfterAll
    static void disconnect() {
        eventBridge.close();
    }

    @BeforeEach
    void forgetEarlierDeliveries() throws Exception {
        stack.awaitIdle(QUIET);
        RecordingHandler.forget();
    }

    @Test
    void anEventReachesTheFunctionsWhoseRuleOnItsBusMatchesIt() throws Exception {
        // when
        put(ECHO_BUS, "test", "Thing Happened", "{\"n\":1}");
        put("default", "test", "Thing Happened", "{\"n\":2}");
        put(ECHO_BUS, "test", "Something Else", "{\"n\":3}");
        put("arn:aws:events:us-east-1:000000000000:event-bus/" + ECHO_BUS, "test", "Thing Happened", "{\"n\":4}");
        stack.awaitIdle(QUIET);

        // then
        List<RecordingHandler.Invocation> recorder = RecordingHandler.invocations("RecorderFunction");
        assertEquals(List.of(1, 4), recorder.stream().map(i -> i.payload().at("/detail/n").asInt()).sorted().toList());
        List<RecordingHandler.Invocation> defaultBus = RecordingHandler.invocations("DefaultBusFunction");
        assertEquals(List.of(2), defaultBus.stream().map(i -> i.payload().at("/detail/n").asInt()).toList(),
                "a rule sees only the events put on its own bus");

        JsonNode envelope = recorder.getFirst().payload();
        assertEquals("0", envelope.get("version").asText());
        assertEquals("Thing Happened", envelope.get("detail-type").asText());
        assertEquals("test", envelope.get("source").asText());
        assertEquals("000000000000", envelope.get("account").asText());
        assertEquals("us-east-1", envelope.get("region").asText());
        assertTrue(envelope.get("id").asText().matches("[0-9a-f-]{36}"));
        assertTrue(envelope.get("resources").isArray());
        assertTrue(recorder.getFirst().thread().startsWith("invocation-"), "delivered on a thread of its own");
    }

    @Test
    void aTargetThatThrowsIsRetriedAsItsEventInvokeConfigSaysThenDeadLettered() throws Exception {
        // given MaximumRetryAttempts: 1, so two attempts in all
        long deadBefore = stack.deadLettered();

        // when
        put(ECHO_BUS, "test", "Thing Happened", "{\"n\":1,\"failTimes\":1}");
        put(ECHO_BUS, "test", "Thing Happened", "{\"n\":2,\"failTimes\":5}");
        stack.awaitIdle(QUIET);

        // then
        List<RecordingHandler.Invocation> recorder = RecordingHandler.invocations("RecorderFunction");
        assertEquals(2, recorder.stream().filter(i -> i.payload().at("/detail/n").asInt() == 1).count(),
                "failed once, then succeeded on its retry");
        assertEquals(2, recorder.stream().filter(i -> i.payload().at("/detail/n").asInt() == 2).count(),
                "failed on both attempts");
        assertEquals(deadBefore + 1, stack.deadLettered());
    }

    @Test
    void pausedDeliveriesWaitUntilResumed() throws Exception {
        // given
        stack.pause();
        try {
            // when
            put(ECHO_BUS, "test", "Thing Happened", "{\"n\":1}");

            // then
            assertThrows(TimeoutException.class, () -> stack.awaitIdle(Duration.ofMillis(300)));
            assertEquals(List.of(), RecordingHandler.invocations("RecorderFunction"));
        } finally {
            stack.resume();
        }
        stack.awaitIdle(QUIET);
        assertEquals(1, RecordingHandler.invocations("RecorderFunction").size());
    }

    @Test
    void aScheduleFiresOnTheStacksClockOnceHoweverManyPeriodsItWasMovedPast() throws Exception {
        // given rate(1 hour) from the stack's start
        Instant firstDue = stack.nextFirings().get("RecorderFunction/Tick");

        // when the clock is moved to just short of the first period
        int early = stack.advanceClock(Duration.between(stack.clock().instant(), firstDue).minusSeconds(30));

        // then nothing fires
        assertEquals(0, early);

        // when it is moved past it
        assertEquals(1, stack.advanceClock(Duration.ofMinutes(1)));
        stack.awaitIdle(QUIET);

        // then the function got EventBridge's Scheduled Event for the period's time
        List<RecordingHandler.Invocation> ticks = scheduledEvents();
        assertEquals(1, ticks.size());
        JsonNode tick = ticks.getFirst().payload();
        assertEquals("aws.events", tick.get("source").asText());
        assertEquals("{}", tick.get("detail").toString());
        assertEquals(firstDue.truncatedTo(ChronoUnit.SECONDS).toString(), tick.get("time").asText());
        assertTrue(tick.at("/resources/0").asText().startsWith("arn:aws:events:us-east-1:000000000000:rule/"));
        int remaining = ticks.getFirst().remainingMillis();
        assertTrue(remaining > 5_000 && remaining <= 7_000, "Globals' Timeout: 7 counts down: " + remaining);

        // when the clock jumps three periods
        assertEquals(1, stack.advanceClock(Duration.ofHours(3)));
        stack.awaitIdle(QUIET);

        // then it fires once more, not three times
        assertEquals(2, scheduledEvents().size());
        assertFalse(stack.advanceClock(Duration.ZERO) > 0);
    }

    private static List<RecordingHandler.Invocation> scheduledEvents() {
        return RecordingHandler.invocations("RecorderFunction").stream()
                .filter(i -> i.payload().path("detail-type").asText().equals("Scheduled Event"))
                .toList();
    }

    private static void put(String bus, String source, String detailType, String detail) {
        PutEventsResponse response = eventBridge.putEvents(request -> request.entries(PutEventsRequestEntry.builder()
                .eventBusName(bus).source(source).detailType(detailType).detail(detail).build()));
        assertEquals(0, response.failedEntryCount());
    }
}
