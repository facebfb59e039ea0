package com.hubstatus.usecase;

import com.hubstatus.events.EventCodec;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Optional;

import static com.hubstatus.testing.TestSystem.OTHER_WORKSPACE;
import static com.hubstatus.testing.TestSystem.STRANGER;
import static com.hubstatus.testing.TestSystem.manager;
import static com.hubstatus.testing.TestSystem.owner;
import static com.hubstatus.testing.TestSystem.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class DisconnectHubIT {

    @Test
    void anOwnerDisconnectsAHubItIsGoneAndConsumersAreTold(TestSystem system) {
        // given
        Hub hub = system.connect("ws-disconnect", ExternalApp.META_BUSINESS_MANAGER, "1000000003", "sa-marketing");
        system.bus.clear();

        // when
        system.disconnectHub().disconnect(owner("ws-disconnect"), hub.hubId());

        // then
        assertTrue(system.store.findHub("ws-disconnect", hub.hubId()).isEmpty());
        assertEquals(hub.hubId(), system.published(EventCodec.HUB_DISCONNECTED).getFirst().detail().get("hubId").asText());
    }

    @Test
    void theLastHistoryEntryOfADisconnectedHubLeadsToNoStatus(TestSystem system) {
        // given
        String workspace = "ws-history-end";
        Hub hub = system.connect(workspace, ExternalApp.META_BUSINESS_MANAGER, "1000000004", "sa-marketing");
        system.clock.advance(Duration.ofSeconds(1));

        // when
        system.disconnectHub().disconnect(owner(workspace), hub.hubId());

        // then
        HistoryEntry last = system.store.history(workspace, hub.hubId(), Optional.empty(), 10).items().getFirst();
        assertEquals(HubStatus.UNDER_VALIDATION, last.from());
        assertNull(last.to());
    }

    @Test
    void aManagerMayNotDisconnectAHubAndOthersCannotEvenSeeIt(TestSystem system) {
        // given
        String workspace = "ws-access";
        Hub hub = system.connect(workspace, ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        int items = system.itemCount();
        DisconnectHub disconnectHub = system.disconnectHub();

        // when / then
        assertThrows(ForbiddenException.class, () -> disconnectHub.disconnect(manager(workspace), hub.hubId()));
        HubNotFoundException stranger = assertThrows(HubNotFoundException.class,
                () -> disconnectHub.disconnect(user(STRANGER, workspace), hub.hubId()));
        assertThrows(HubNotFoundException.class, () -> disconnectHub.disconnect(owner(OTHER_WORKSPACE), hub.hubId()));
        HubNotFoundException missing = assertThrows(HubNotFoundException.class,
                () -> disconnectHub.disconnect(owner(workspace), "hub_DOESNOTEXIST"));
        assertEquals(missing.getMessage(), stranger.getMessage(), "a hidden hub is refused exactly like a missing one");
        assertEquals(items, system.itemCount());
        assertTrue(system.store.findHub(workspace, hub.hubId()).isPresent());
    }
}
