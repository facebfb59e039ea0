package com.hubstatus.usecase;

import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.ValidationAlreadyRunningException;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.status.ValidationRun;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static com.hubstatus.testing.TestSystem.operator;
import static com.hubstatus.testing.TestSystem.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(TestSystemExtension.class)
class RequestRevalidationIT {

    @Test
    void anOperatorRevalidatesAnIntegrationOnceWhileOthersMayNot(TestSystem system) {
        // given
        String workspace = "ws-operator";
        system.validatedHub(workspace, ExternalApp.TIKTOK_BUSINESS_CENTER, "4000000001", "sa-marketing");
        system.bus.clear();
        RequestRevalidation revalidation = system.requestRevalidation();
        String app = ExternalApp.TIKTOK_BUSINESS_CENTER.id();

        // when / then
        assertThrows(ForbiddenException.class, () -> revalidation.request(owner(workspace), app));
        ValidationCohort cohort = revalidation.request(operator(workspace), app);
        assertEquals(ValidationRun.Kind.REVALIDATION, cohort.run().kind());
        List<DomainEvent.ValidationRequested> requested = system.published(DomainEvent.ValidationRequested.class);
        assertEquals(1, requested.size());
        assertEquals(ValidationRun.Kind.REVALIDATION, requested.getFirst().kind());
        assertThrows(ValidationAlreadyRunningException.class, () -> revalidation.request(operator(workspace), app));
    }

    @Test
    void anUnknownAppOrOneWithoutHubsInTheWorkspaceHasNoIntegration(TestSystem system) {
        RequestRevalidation revalidation = system.requestRevalidation();
        assertThrows(IntegrationNotFoundException.class, () -> revalidation.request(operator("ws-operator"), "myspace"));
        assertThrows(IntegrationNotFoundException.class,
                () -> revalidation.request(operator("ws-without-hubs"), ExternalApp.TIKTOK_BUSINESS_CENTER.id()));
    }
}
