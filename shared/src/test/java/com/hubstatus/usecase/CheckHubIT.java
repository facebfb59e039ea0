package com.hubstatus.usecase;

import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Optional;

import static com.hubstatus.testing.TestSystem.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(TestSystemExtension.class)
class CheckHubIT {

    /** As run-validation checks: against the simulated app. */
    private static CheckHub checkHub(TestSystem system) {
        return system.checkHub(system.externalApp);
    }

    @Test
    void aHubConnectedAfterValidationGetsItsOwnCheckAndAFixIsCheckedAgain(TestSystem system) {
        // given: a business ID the app does not know
        String ws = "ws-check";
        Hub later = system.connectedAfterValidation(ws, ExternalApp.GOOGLE_ADS, "2000000099");
        CheckHub checkHub = checkHub(system);

        // when
        List<CheckHub.Outcome> outcomes = system.deliverChecks(checkHub);

        // then
        assertEquals(List.of(CheckHub.Outcome.FAILED), outcomes);
        assertEquals(HubStatus.REVIEW_CONFIGURATION, system.statusOf(ws, later.hubId()).status());

        // when: the owner fixes the business ID
        system.changeHub().change(owner(ws), later.hubId(), new HubTransitions.HubChange(
                Optional.empty(), Optional.of("2000000002"), Optional.empty(), Optional.empty(), Optional.empty()));
        assertEquals(HubStatus.REVIEW_CONFIGURATION, system.statusOf(ws, later.hubId()).status(), "until the check passes");
        DomainEvent.CheckRequested recheck = system.published(DomainEvent.CheckRequested.class).getFirst();
        List<CheckHub.Outcome> rechecked = system.deliverChecks(checkHub);

        // then
        assertEquals(List.of(CheckHub.Outcome.PASSED), rechecked);
        assertEquals(HubStatus.REQUIRES_SYNC, system.statusOf(ws, later.hubId()).status());
        assertEquals(CheckHub.Outcome.DUPLICATE, checkHub.run(recheck), "the same request delivered again is a no-op");
    }

    @Test
    void aCheckOfAHubThatIsGoneChangesNothing(TestSystem system) {
        // given
        int items = system.itemCount();

        // when
        CheckHub.Outcome outcome = checkHub(system).run(new DomainEvent.CheckRequested("evt_gone",
                system.clock.instant(), "ws-gone", "hub_NOTTHERE", "chk_NOTTHERE"));

        // then
        assertEquals(CheckHub.Outcome.HUB_GONE, outcome);
        assertEquals(items, system.itemCount());
    }
}
