package com.hubstatus.local.emulators.eventbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InternalException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.ThrottlingException;

class LocalEventBridgeIT {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.250Z");
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalEventBridge bus;
    private EventBridgeClient client;

    @BeforeEach
    void startBus() {
        bus = new LocalEventBridge(Clock.fixed(NOW, ZoneOffset.UTC)).start();
        // No retries, so each whole-call failure injected is seen by the test exactly once.
        client = client(false);
    }

    @AfterEach
    void stopBus() {
        client.close();
        bus.close();
    }

    @Test
    void acceptedEntriesAreRecordedWithEndpointIdsInRequestOrder() {
        PutEventsResponse response = client.putEvents(request -> request.entries(
                syncRequested("hub-1").resources("arn:aws:hubstatus:hub/hub-1").build(),
                entry("hubstatus", "Status Changed", "{\"hubId\":\"hub-2\",\"status\":\"HEALTHY\"}")
                        .eventBusName("hubstatus-bus").build()));

        assertEquals(0, response.failedEntryCount());
        List<BusEvent> events = bus.events();
        assertEquals(2, events.size());
        assertEquals(response.entries().get(0).eventId(), events.get(0).id());
        assertEquals(response.entries().get(1).eventId(), events.get(1).id());
        assertNotEquals(events.get(0).id(), events.get(1).id());
        UUID.fromString(events.get(0).id());

        BusEvent first = events.get(0);
        assertEquals("hubstatus", first.source());
        assertEquals("Sync Requested", first.detailType());
        assertEquals("MANUAL", first.detail().get("trigger").asText());
        assertEquals("default", first.eventBusName());
        assertEquals(NOW, first.time());
        assertEquals(List.of("arn:aws:hubstatus:hub/hub-1"), first.resources());
        assertEquals("hubstatus-bus", events.get(1).eventBusName());
        assertEquals(List.of(events.get(1)), bus.events("Status Changed"));
        assertEquals(1, bus.putEventsCalls());
    }

    @Test
    void anEntrysOwnTimeIsKept() {
        Instant sent = Instant.parse("2026-02-27T08:30:15.125Z");

        client.putEvents(request -> request.entries(syncRequested("hub-1").time(sent).build()));

        assertEquals(sent, bus.events().get(0).time());
    }

    @Test
    void elevenEntriesAreRefusedAsAWholeWithValidationException() {
        List<PutEventsRequestEntry> eleven =
                IntStream.range(0, 11).mapToObj(i -> syncRequested("hub-" + i).build()).toList();

        EventBridgeException refused =
                assertThrows(EventBridgeException.class, () -> client.putEvents(r -> r.entries(eleven)));

        assertEquals(400, refused.statusCode());
        assertEquals("ValidationException", refused.awsErrorDetails().errorCode());
        assertTrue(refused.awsErrorDetails().errorMessage().contains("less than or equal to 10"));
        assertEquals(List.of(), bus.events());
    }

    @Test
    void entriesOverTheRequestSizeLimitAreRefusedAsAWhole() {
        String padding = "x".repeat(LocalEventBridge.MAX_REQUEST_BYTES / 2);
        PutEventsRequestEntry half = entry("hubstatus", "Bulky", "{\"padding\":\"" + padding + "\"}").build();

        EventBridgeException refused =
                assertThrows(EventBridgeException.class, () -> client.putEvents(r -> r.entries(half, half)));

        assertEquals("ValidationException", refused.awsErrorDetails().errorCode());
        assertEquals(
                "Total size of the entries in the request is over the limit.",
                refused.awsErrorDetails().errorMessage());
        assertEquals(List.of(), bus.events());
    }

    @Test
    void entriesWithoutSourceDetailTypeOrDetailFailOnTheirOwnWithInvalidArgument() {
        PutEventsResponse response = client.putEvents(request -> request.entries(
                PutEventsRequestEntry.builder().detailType("Sync Requested").detail("{}").build(),
                PutEventsRequestEntry.builder().source("hubstatus").detail("{}").build(),
                PutEventsRequestEntry.builder().source("hubstatus").detailType("Sync Requested").build(),
                syncRequested("hub-1").build()));

        assertEquals(3, response.failedEntryCount());
        assertFailed(response.entries().get(0), "InvalidArgument", "Source is a required argument.");
        assertFailed(response.entries().get(1), "InvalidArgument", "DetailType is a required argument.");
        assertFailed(response.entries().get(2), "InvalidArgument", "Detail is a required argument.");
        assertEquals(bus.events().get(0).id(), response.entries().get(3).eventId());
        assertEquals(1, bus.events().size());
    }

    @Test
    void detailThatIsNotAJsonObjectFailsWithMalformedDetail() {
        PutEventsResponse response = client.putEvents(request -> request.entries(
                entry("hubstatus", "Sync Requested", "not json").build(),
                entry("hubstatus", "Sync Requested", "[\"MANUAL\"]").build(),
                entry("hubstatus", "Sync Requested", "\"MANUAL\"").build(),
                entry("hubstatus", "Sync Requested", "{\"trigger\":\"MANUAL\"} trailing").build()));

        assertEquals(4, response.failedEntryCount());
        response.entries().forEach(result -> assertFailed(result, "MalformedDetail", "Detail is malformed."));
        assertEquals(List.of(), bus.events());
    }

    @Test
    void injectedEntryFailuresFailThatManyEntriesAndAreNotRecorded() {
        bus.failNextEntries(1, "ThrottlingException");

        PutEventsResponse partial = client.putEvents(request -> request.entries(
                syncRequested("hub-1").build(), syncRequested("hub-2").build()));
        PutEventsResponse next = client.putEvents(request -> request.entries(syncRequested("hub-3").build()));

        assertEquals(1, partial.failedEntryCount());
        assertEquals("ThrottlingException", partial.entries().get(0).errorCode());
        assertNull(partial.entries().get(0).eventId());
        assertEquals(partial.entries().get(1).eventId(), bus.events().get(0).id());
        assertEquals(0, next.failedEntryCount());
        assertEquals(
                List.of("hub-2", "hub-3"),
                bus.events().stream().map(event -> event.detail().get("hubId").asText()).toList());
    }

    @Test
    void anInjectedInternalErrorReachesTheCallerWhenTheClientDoesNotRetry() {
        bus.failNextCalls(1, 500, "InternalException");

        InternalException failure = assertThrows(InternalException.class,
                () -> client.putEvents(request -> request.entries(syncRequested("hub-1").build())));
        client.putEvents(request -> request.entries(syncRequested("hub-2").build()));

        assertEquals(500, failure.statusCode());
        assertEquals(2, bus.putEventsCalls());
        assertEquals(1, bus.events().size());
    }

    @Test
    void anInjectedThrottleReachesTheCallerAsThrottlingException() {
        bus.failNextCalls(1, 400, "ThrottlingException");

        ThrottlingException failure = assertThrows(ThrottlingException.class,
                () -> client.putEvents(request -> request.entries(syncRequested("hub-1").build())));

        assertEquals(400, failure.statusCode());
        assertEquals(List.of(), bus.events());
    }

    @Test
    void theStandardRetryModeRetriesInjectedInternalErrorsUpToThreeAttempts() {
        try (EventBridgeClient retrying = client(true)) {
            bus.failNextCalls(2, 500, "InternalException");
            retrying.putEvents(request -> request.entries(syncRequested("hub-1").build()));

            assertEquals(3, bus.putEventsCalls());
            assertEquals(1, bus.events().size());

            bus.failNextCalls(3, 500, "InternalException");
            assertThrows(InternalException.class,
                    () -> retrying.putEvents(request -> request.entries(syncRequested("hub-2").build())));
            assertEquals(6, bus.putEventsCalls());
            assertEquals(1, bus.events().size());
        }
    }

    @Test
    void anUnknownOperationIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(bus.endpoint().resolve("/"))
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "AWSEvents.PutRule")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode());
        assertEquals("UnknownOperationException", JSON.readTree(response.body()).get("__type").asText());
        assertEquals(0, bus.putEventsCalls());
    }

    @Test
    void subscribersAreToldOfAcceptedEventsInOrderButNotOfFailedOnes() throws InterruptedException {
        List<String> heard = new CopyOnWriteArrayList<>();
        CountDownLatch twoHeard = new CountDownLatch(2);
        bus.subscribe(event -> {
            heard.add(event.detail().get("hubId").asText());
            twoHeard.countDown();
        });
        bus.failNextEntries(1, "InternalFailure");

        client.putEvents(request -> request.entries(
                syncRequested("hub-1").build(), syncRequested("hub-2").build(), syncRequested("hub-3").build()));

        assertTrue(twoHeard.await(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(List.of("hub-2", "hub-3"), heard);
    }

    @Test
    void aSlowSubscriberDoesNotHoldUpThePublisher() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch heard = new CountDownLatch(1);
        bus.subscribe(event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            heard.countDown();
        });

        assertTimeoutPreemptively(DELIVERY_TIMEOUT,
                () -> client.putEvents(request -> request.entries(syncRequested("hub-1").build())));
        assertEquals(1, heard.getCount());
        release.countDown();

        assertTrue(heard.await(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void aSubscriberThatThrowsIsCountedAndTheOthersKeepHearing() throws InterruptedException {
        CountDownLatch twoHeard = new CountDownLatch(2);
        bus.subscribe(event -> {
            throw new IllegalStateException("listener bug");
        });
        bus.subscribe(event -> twoHeard.countDown());

        client.putEvents(request -> request.entries(syncRequested("hub-1").build()));
        client.putEvents(request -> request.entries(syncRequested("hub-2").build()));

        assertTrue(twoHeard.await(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(2, bus.listenerFailures());
    }

    @Test
    void anAcceptListenerHasHeardOfEveryTakenEventByTheTimeThePublisherHasItsAnswer() {
        List<String> heard = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        bus.onAccepted(event -> {
            heard.add(event.detail().get("hubId").asText());
            threads.add(Thread.currentThread().getName());
        });
        bus.failNextEntries(1, "InternalFailure");

        client.putEvents(request -> request.entries(syncRequested("hub-1").build(), syncRequested("hub-2").build()));

        // No waiting: the listener ran before the answer was sent, and only for the entry taken.
        assertEquals(List.of("hub-2"), heard);
        assertTrue(threads.stream().noneMatch(name -> name.equals(Thread.currentThread().getName())));
    }

    @Test
    void anAcceptListenerThatThrowsIsCountedAndThePublisherStillHasItsAnswer() {
        bus.onAccepted(event -> {
            throw new IllegalStateException("listener bug");
        });

        PutEventsResponse response = client.putEvents(request -> request.entries(syncRequested("hub-1").build()));

        assertEquals(0, response.failedEntryCount());
        assertEquals(1, bus.listenerFailures());
    }

    @Test
    void theLambdaPayloadIsTheEnvelopeEventBridgeDelivers() throws Exception {
        client.putEvents(request -> request.entries(
                syncRequested("hub-1").resources("arn:aws:hubstatus:hub/hub-1").build()));
        BusEvent event = bus.events().get(0);

        JsonNode payload = JSON.readTree(LocalEventBridge.toLambdaPayload(event));

        ObjectNode expected = JSON.createObjectNode();
        expected.put("version", "0");
        expected.put("id", event.id());
        expected.put("detail-type", "Sync Requested");
        expected.put("source", "hubstatus");
        expected.put("account", "000000000000");
        expected.put("time", "2026-03-01T12:00:00Z");
        expected.put("region", "us-east-1");
        expected.putArray("resources").add("arn:aws:hubstatus:hub/hub-1");
        expected.set("detail", JSON.readTree("{\"hubId\":\"hub-1\",\"trigger\":\"MANUAL\"}"));
        assertEquals(expected, payload);
        assertEquals(
                List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"),
                payload.properties().stream().map(Map.Entry::getKey).toList());
    }

    @Test
    void clearForgetsEventsCallsAndUnusedFaults() {
        client.putEvents(request -> request.entries(syncRequested("hub-1").build()));
        bus.failNextEntries(1, "InternalFailure");

        bus.clear();
        PutEventsResponse response = client.putEvents(request -> request.entries(syncRequested("hub-2").build()));

        assertEquals(0, response.failedEntryCount());
        assertEquals(1, bus.events().size());
        assertEquals(1, bus.putEventsCalls());
    }

    @Test
    void aRecordedEventCannotBeChangedThroughItsDetail() {
        client.putEvents(request -> request.entries(syncRequested("hub-1").build()));
        BusEvent event = bus.events().get(0);

        ((ObjectNode) event.detail()).put("trigger", "SCHEDULED");

        assertEquals("MANUAL", bus.events().get(0).detail().get("trigger").asText());
    }

    private EventBridgeClient client(boolean standardRetries) {
        return EventBridgeClient.builder()
                .endpointOverride(bus.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(override -> {
                    if (standardRetries) {
                        override.retryStrategy(RetryMode.STANDARD);
                    } else {
                        override.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    private static PutEventsRequestEntry.Builder syncRequested(String hubId) {
        return entry("hubstatus", "Sync Requested", "{\"hubId\":\"" + hubId + "\",\"trigger\":\"MANUAL\"}");
    }

    private static PutEventsRequestEntry.Builder entry(String source, String detailType, String detail) {
        return PutEventsRequestEntry.builder().source(source).detailType(detailType).detail(detail);
    }

    private static void assertFailed(PutEventsResultEntry result, String errorCode, String messageEnd) {
        assertNull(result.eventId());
        assertEquals(errorCode, result.errorCode());
        assertTrue(result.errorMessage().endsWith(messageEnd), result.errorMessage());
    }
}
