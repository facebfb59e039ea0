package com.hubstatus.events;

import com.hubstatus.events.MalformedEventException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.SyncTrigger;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.status.ValidationRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventCodecTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:00:00.123Z");

    static Stream<DomainEvent> everyEventType() {
        return Stream.of(
                new DomainEvent.HubConnected("evt_1", AT, "ws-1", "hub_1", ExternalApp.GOOGLE_ADS, "user-1"),
                new DomainEvent.HubDisconnected("evt_2", AT, "ws-1", "hub_1", ExternalApp.GOOGLE_ADS, "user-1"),
                new DomainEvent.HubStatusChanged("evt_3", AT, "ws-1", "hub_1", ExternalApp.GOOGLE_ADS, null,
                        HubStatus.UNDER_VALIDATION, List.of(ReasonCode.VALIDATION_IN_PROGRESS, ReasonCode.NO_INITIAL_SYNC),
                        AT, TransitionCause.CONNECTED),
                new DomainEvent.HubStatusChanged("evt_4", AT, "ws-1", "hub_1", ExternalApp.GOOGLE_ADS, HubStatus.HEALTHY,
                        HubStatus.REQUIRES_SYNC, List.of(ReasonCode.SYNC_STALE), AT.minusSeconds(60), TransitionCause.STALENESS_REACHED),
                new DomainEvent.ValidationRequested("evt_5", AT, "ws-1", ExternalApp.TIKTOK_BUSINESS_CENTER, "val_1",
                        ValidationRun.Kind.REVALIDATION),
                new DomainEvent.CheckRequested("evt_6", AT, "ws-1", "hub_1", "chk_1"),
                new DomainEvent.SyncRequested("evt_7", AT, "ws-1", "hub_1", "sync_1", SyncTrigger.AUTOMATIC));
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void everyEventReadsBackAsItWasWritten(DomainEvent event) throws Exception {
        // when
        String detailType = EventCodec.detailType(event);
        DomainEvent read = EventCodec.decode(detailType, Json.mapper().readTree(EventCodec.detailJson(event)));

        // then
        assertEquals(event, read);
        assertEquals(1, EventCodec.detail(event).get("schemaVersion").asInt());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sync Requested  | {"eventId": "e", "occurredAt": "2026-11-23T10:00:00Z", "workspaceId": "w", "hubId": "h", "runId": "r"}
            Sync Requested  | {"eventId": "e", "occurredAt": "2026-11-23T10:00:00Z", "workspaceId": "w", "hubId": "h", "runId": "r", "trigger": "SOMETIMES"}
            Sync Requested  | {"eventId": "", "occurredAt": "2026-11-23T10:00:00Z", "workspaceId": "w", "hubId": "h", "runId": "r", "trigger": "MANUAL"}
            Check Requested | {"eventId": "e", "occurredAt": "noon", "workspaceId": "w", "hubId": "h", "checkId": "c"}
            Check Requested | {"eventId": "e", "occurredAt": "2026-11-23T10:00:00Z", "workspaceId": 7, "hubId": "h", "checkId": "c"}
            Hub Exploded    | {"eventId": "e"}
            """)
    void anEventThatDoesNotFollowItsSchemaIsMalformed(String detailType, String detail) throws Exception {
        ObjectNode node = (ObjectNode) Json.mapper().readTree(detail);
        assertThrows(MalformedEventException.class, () -> EventCodec.decode(detailType, node));
    }
}
