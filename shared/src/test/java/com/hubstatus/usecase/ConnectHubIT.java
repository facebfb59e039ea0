package com.hubstatus.usecase;

import com.hubstatus.events.EventCodec;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.outbox.OutboxEntry;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.NextAction;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.StatusView;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;

import static com.hubstatus.testing.TestSystem.MANAGER;
import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.WORKSPACE;
import static com.hubstatus.testing.TestSystem.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class ConnectHubIT {

    private static StatusView connect(TestSystem system, String workspace, ExternalApp app, String businessId) {
        return system.connectHub().connect(owner(workspace), new ConnectHub.Request(app, "Hub " + businessId,
                businessId, "sa-marketing", Set.of(MANAGER)));
    }

    @Test
    void theCallerOwnsTheNewHubAndTheFirstHubOfAnAppIsUnderValidation(TestSystem system) {
        // when
        StatusView connected = connect(system, WORKSPACE, ExternalApp.META_BUSINESS_MANAGER, "1000000001");

        // then
        assertEquals(HubStatus.UNDER_VALIDATION, connected.status());
        assertEquals(ReasonCode.VALIDATION_IN_PROGRESS, connected.reasonCodes().getFirst());
        assertEquals(NextAction.WAIT_FOR_VALIDATION, connected.nextAction());
        Hub stored = system.hub(WORKSPACE, connected.hub().hubId());
        assertEquals(Set.of(OWNER), stored.owners());
        assertEquals(Set.of(MANAGER), stored.managers());
        assertEquals("sa-marketing", stored.serviceAccountRef());
        assertEquals(1, system.published(EventCodec.HUB_CONNECTED).size());
        assertEquals(1, system.published(EventCodec.HUB_STATUS_CHANGED).size());
        BusEvent validation = system.published(EventCodec.VALIDATION_REQUESTED).getFirst();
        assertEquals("meta-business-manager", validation.detail().get("app").asText());
        assertEquals(TestSystem.BUS, validation.eventBusName());
        assertTrue(system.outbox(WORKSPACE).isEmpty(), "published events leave the outbox");
    }

    @Test
    void aSecondHubOfTheAppJoinsTheValidationAndAHubConnectedAfterItCompletesIsCheckedOnItsOwn(TestSystem system) {
        // given
        String workspace = "ws-cohort";
        connect(system, workspace, ExternalApp.GOOGLE_ADS, "2000000001");

        // when
        StatusView second = connect(system, workspace, ExternalApp.GOOGLE_ADS, "2000000002");

        // then
        assertEquals(HubStatus.UNDER_VALIDATION, second.status());
        assertEquals(1, system.published(EventCodec.VALIDATION_REQUESTED).size());
        assertTrue(system.published(EventCodec.CHECK_REQUESTED).isEmpty());

        // when
        system.completeValidation(workspace, ExternalApp.GOOGLE_ADS);
        StatusView third = connect(system, workspace, ExternalApp.GOOGLE_ADS, "2000000003");

        // then
        assertEquals(HubStatus.REQUIRES_SYNC, third.status());
        assertNotNull(third.check(), "a check of its own is pending");
        BusEvent check = system.published(EventCodec.CHECK_REQUESTED).getFirst();
        assertEquals(third.hub().hubId(), check.detail().get("hubId").asText());
    }

    @Test
    void whenPublishingFailsTheHubIsStillConnectedAndItsEventsWaitInTheOutbox(TestSystem system) {
        // given: EventBridge refuses every call for a while
        system.bus.failNextCalls(50, 500, "InternalException");

        // when
        StatusView connected = connect(system, "ws-outbox", ExternalApp.META_BUSINESS_MANAGER, "1000000002");

        // then
        assertTrue(system.store.findHub("ws-outbox", connected.hub().hubId()).isPresent());
        List<String> waiting = system.outbox("ws-outbox").stream().map(OutboxEntry::detailType).sorted().toList();
        assertEquals(List.of(EventCodec.HUB_CONNECTED, EventCodec.HUB_STATUS_CHANGED, EventCodec.VALIDATION_REQUESTED),
                waiting);
    }
}
