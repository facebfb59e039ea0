package com.hubstatus.usecase;

import com.hubstatus.events.EventCodec;
import com.hubstatus.status.CheckTrigger;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.StatusView;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;
import java.util.Set;

import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.STRANGER;
import static com.hubstatus.testing.TestSystem.manager;
import static com.hubstatus.testing.TestSystem.owner;
import static com.hubstatus.testing.TestSystem.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(TestSystemExtension.class)
class ChangeHubIT {

    private static final HubTransitions.HubChange RENAME = new HubTransitions.HubChange(Optional.of("mine now"),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    @Test
    void anOwnerChangesTheBusinessIdAndTheOwnersAndTheHubIsCheckedAgain(TestSystem system) {
        // given
        String workspace = "ws-change";
        Hub hub = system.validatedHub(workspace, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000001", "sa-marketing");
        system.bus.clear();

        // when
        StatusView changed = system.changeHub().change(owner(workspace), hub.hubId(), new HubTransitions.HubChange(
                Optional.empty(), Optional.of("3000000009"), Optional.empty(), Optional.of(Set.of(OWNER, "user-owner-2")),
                Optional.empty()));

        // then
        assertEquals("3000000009", changed.hub().businessId());
        assertEquals(CheckTrigger.CONFIGURATION_CHANGED, changed.check().trigger());
        assertEquals(Set.of(OWNER, "user-owner-2"), system.hub(workspace, hub.hubId()).owners());
        assertEquals(1, system.published(EventCodec.CHECK_REQUESTED).size());
    }

    @Test
    void aManagerMayNotChangeAHubAndOthersCannotEvenSeeIt(TestSystem system) {
        // given
        Hub hub = system.connect("ws-change-access", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        int items = system.itemCount();

        // when / then
        assertThrows(ForbiddenException.class, () -> system.changeHub().change(manager("ws-change-access"), hub.hubId(), RENAME));
        assertThrows(HubNotFoundException.class,
                () -> system.changeHub().change(user(STRANGER, "ws-change-access"), hub.hubId(), RENAME));
        assertThrows(HubNotFoundException.class, () -> system.changeHub().change(owner("ws-elsewhere"), hub.hubId(), RENAME));
        assertEquals(items, system.itemCount());
        assertEquals(hub.name(), system.hub(hub.workspaceId(), hub.hubId()).name());
    }
}
