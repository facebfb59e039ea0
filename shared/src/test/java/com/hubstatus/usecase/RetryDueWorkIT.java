package com.hubstatus.usecase;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class RetryDueWorkIT {

    @Test
    void anInconclusiveCheckIsAskedForAgainOnceItsRetryTimeHasPassed(TestSystem system) {
        // given: a hub connected after validation, checked while the app's automation is unavailable
        system.setAutomation(ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "unavailable");
        Hub hub = system.connectedAfterValidation("ws-retry", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000002");
        CheckHub checkHub = system.checkHub(system.externalApp);
        assertEquals(List.of(CheckHub.Outcome.INCONCLUSIVE), system.deliverChecks(checkHub));
        assertEquals(1, system.hub("ws-retry", hub.hubId()).check().attempts());

        // when: the automation is back and the retry schedule runs, before and after the retry time
        system.setAutomation(ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "works");
        RetryDueWork.Result early = system.retryDueWork().run();
        system.clock.advance(Duration.ofMinutes(31));
        RetryDueWork.Result retry = system.retryDueWork().run();
        List<CheckHub.Outcome> second = system.deliverChecks(checkHub);

        // then
        assertEquals(0, early.hubsAskedAgain());
        assertTrue(retry.hubsAskedAgain() >= 1);
        assertEquals(List.of(CheckHub.Outcome.PASSED), second);
        assertNull(system.hub("ws-retry", hub.hubId()).check());
    }

    @Test
    void aValidationThatNeverRanIsAskedForAgainAfterItsRetryTime(TestSystem system) {
        // given: the hand-off was lost
        String ws = "ws-lost";
        Hub hub = system.connect(ws, ExternalApp.META_BUSINESS_MANAGER, "1000000003", "sa-marketing");
        system.bus.clear();

        // when
        system.clock.advance(Duration.ofMinutes(16));
        RetryDueWork.Result retry = system.retryDueWork().run();
        List<ValidateCohort.Result> invocations = system.deliverValidations(system.validateCohort(system.externalApp, 300));

        // then
        assertTrue(retry.validationsAskedAgain() >= 1);
        assertFalse(invocations.isEmpty());
        assertEquals(HubStatus.REQUIRES_SYNC, system.statusOf(ws, hub.hubId()).status());
    }
}
