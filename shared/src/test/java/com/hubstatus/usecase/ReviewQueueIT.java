package com.hubstatus.usecase;

import com.hubstatus.events.EventCodec;
import com.hubstatus.status.Cause;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Finding;
import com.hubstatus.status.Hub;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.testing.SwitchedApp;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.port.InvalidCursorException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.hubstatus.testing.TestSystem.OPERATOR;
import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules 7 and 9 of the contract: operators see what is under review, across workspaces, oldest
 * first; a whole integration's review closes only by their re-validation, a hub's own with its next
 * successful sync.
 */
@ExtendWith(TestSystemExtension.class)
class ReviewQueueIT {

    private static final Caller OPERATOR_OF_ANOTHER_WORKSPACE = new Caller(OPERATOR, "ws-vendor", Set.of("hubstatus-operators"), true);

    private static TestSystem system;

    @BeforeAll
    static void start(TestSystem started) {
        system = started;
    }

    @Test
    void operatorsSeeTheIntegrationsAndHubsUnderReviewOldestFirstUntilEachIsClosedAsTheContractSays() {
        // given: an integration whose validation found a failed automation
        SwitchedApp tiktok = brokenAutomation();
        system.connect("ws-review-a", ExternalApp.TIKTOK_BUSINESS_CENTER, "7000000001", "sa-marketing");
        ValidationCohort cohort = system.store.findCohort("ws-review-a", ExternalApp.TIKTOK_BUSINESS_CENTER).orElseThrow();
        system.validateCohort(tiktok, 1000).run(new DomainEvent.ValidationRequested("evt-review-1", system.clock.instant(),
                "ws-review-a", ExternalApp.TIKTOK_BUSINESS_CENTER, cohort.run().runId(), cohort.run().kind()),
                TimeBudget.unlimited());
        // and, an hour later in another workspace, a hub whose own sync found one
        system.clock.advance(Duration.ofHours(1));
        SwitchedApp google = brokenAutomation();
        google.working(true);
        Hub hub = system.validatedHub("ws-review-b", ExternalApp.GOOGLE_ADS, "2000000001", "sa-marketing");
        google.working(false);
        system.bus.clear();
        system.startSync().start(user(OWNER, "ws-review-b"), hub.hubId());
        system.runSync(google).run(syncRequested());

        // when
        ListReviews.Queue queue = system.listReviews().list(OPERATOR_OF_ANOTHER_WORKSPACE, Optional.empty(), 50);

        // then
        List<ListReviews.Review> ours = queue.reviews().stream()
                .filter(r -> r.workspaceId().startsWith("ws-review-")).toList();
        assertEquals(2, ours.size(), queue.toString());
        ListReviews.Review integration = ours.getFirst();
        assertEquals("ws-review-a", integration.workspaceId());
        assertTrue(integration.hubId().isEmpty());
        assertEquals(ReasonCode.INTEGRATION_AUTOMATION_FAILED, integration.reasons().getFirst().code());
        ListReviews.Review ownReview = ours.get(1);
        assertEquals(Optional.of(hub.hubId()), ownReview.hubId());
        assertEquals(ReasonCode.HUB_AUTOMATION_FAILED, ownReview.reasons().getFirst().code());
        assertEquals("the export page changed", ownReview.reasons().getFirst().detail());
        assertTrue(integration.since().isBefore(ownReview.since()));

        // and: it pages, and its cursor is its own
        ListReviews.Queue first = system.listReviews().list(OPERATOR_OF_ANOTHER_WORKSPACE, Optional.empty(), 1);
        ListReviews.Queue second = system.listReviews().list(OPERATOR_OF_ANOTHER_WORKSPACE, first.nextCursor(), 1);
        assertEquals(1, first.reviews().size());
        assertEquals(ours.get(1), second.reviews().getFirst());
        assertThrows(InvalidCursorException.class, () -> system.listReviews().list(OPERATOR_OF_ANOTHER_WORKSPACE,
                Optional.of("bm90LWEtY3Vyc29y"), 1));

        // and: nobody else sees it
        assertThrows(ForbiddenException.class, () -> system.listReviews().list(user(OWNER, "ws-review-a"), Optional.empty(), 50));

        // when: the hub's next sync succeeds, and an operator re-validates the integration once its automation is fixed
        google.working(true);
        tiktok.working(true);
        system.bus.clear();
        system.startSync().start(user(OWNER, "ws-review-b"), hub.hubId());
        system.runSync(google).run(syncRequested());
        system.bus.clear();
        ValidationCohort rerun = system.requestRevalidation().request(new Caller(OPERATOR, "ws-review-a",
                Set.of("hubstatus-operators"), true), ExternalApp.TIKTOK_BUSINESS_CENTER.id());
        system.validateCohort(tiktok, 1000).run(new DomainEvent.ValidationRequested("evt-review-2", system.clock.instant(),
                "ws-review-a", ExternalApp.TIKTOK_BUSINESS_CENTER, rerun.run().runId(), rerun.run().kind()),
                TimeBudget.unlimited());

        // then: the queue holds neither
        assertTrue(system.listReviews().list(OPERATOR_OF_ANOTHER_WORKSPACE, Optional.empty(), 50).reviews().stream()
                .noneMatch(r -> r.workspaceId().startsWith("ws-review-")));
    }

    private static DomainEvent.SyncRequested syncRequested() {
        var requested = system.published(EventCodec.SYNC_REQUESTED);
        return (DomainEvent.SyncRequested) EventCodec.decode(requested.getLast().detailType(), requested.getLast().detail());
    }

    /** An app whose automation is broken for checks and for syncs until it is fixed. */
    private static SwitchedApp brokenAutomation() {
        return new SwitchedApp(Finding.of(Cause.AUTOMATION_FAILURE, "the login page changed"),
                Finding.of(Cause.AUTOMATION_FAILURE, "the export page changed"));
    }
}
