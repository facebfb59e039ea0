package com.hubstatus.eventbridge;

import com.hubstatus.local.emulators.LocalAwsClients;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;
import com.hubstatus.outbox.OutboxEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bus makes its EventBridge client at the first publication, not before. */
class EventBridgeBusIT {

    private static LocalEventBridge bus;
    private static EventBridgeClient client;

    @BeforeAll
    static void start() {
        bus = new LocalEventBridge(Clock.systemUTC()).start();
        client = LocalAwsClients.to(bus.endpoint(), EventBridgeClient.builder());
    }

    @AfterAll
    static void stop() {
        client.close();
        bus.close();
    }

    @Test
    void theClientIsAskedForOnlyWhenThereIsSomethingToPublish() {
        // given
        AtomicInteger made = new AtomicInteger();
        EventBridgeBus lazy = new EventBridgeBus(() -> {
            made.incrementAndGet();
            return client;
        }, "hubstatus-test");

        // when nothing is published
        Set<String> none = lazy.put(List.of());

        // then
        assertEquals(Set.of(), none);
        assertEquals(0, made.get());
        assertEquals(0, bus.putEventsCalls());

        // when two events are
        Set<String> accepted = lazy.put(List.of(entry("evt_1"), entry("evt_2")));

        // then
        assertEquals(Set.of("evt_1", "evt_2"), accepted);
        assertEquals(1, made.get());
        assertEquals(1, bus.putEventsCalls());
    }

    private static OutboxEntry entry(String eventId) {
        return new OutboxEntry(eventId, "Hub Connected", "{\"eventId\":\"" + eventId + "\"}", Instant.now());
    }
}
