package com.hubstatus.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds hub and cohort facts for tests, starting from a hub that is healthy at {@link #T0}. */
final class Facts {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String WS = "ws-1";
    static final String OWNER = "user-owner";
    static final String MANAGER = "user-manager";

    private Facts() {
    }

    /** Sequential ids, so tests can name them. */
    static IdSource sequentialIds() {
        AtomicInteger next = new AtomicInteger();
        return prefix -> prefix + "_" + next.incrementAndGet();
    }

    /** A hub whose last sync succeeded at {@code lastSuccess}, with nothing open. */
    static Hub.Builder syncedHub(Instant lastSuccess) {
        return Hub.builder()
                .workspaceId(WS)
                .hubId("hub-1")
                .app(ExternalApp.META_BUSINESS_MANAGER)
                .name("Marketing")
                .businessId("1000000001")
                .serviceAccountRef("sa-marketing")
                .owners(Set.of(OWNER))
                .managers(Set.of(MANAGER))
                .connectedAt(lastSuccess.minus(Duration.ofDays(3)))
                .lastSync(new SyncAttempt("sync-0", SyncTrigger.MANUAL, lastSuccess.minusSeconds(30), lastSuccess, null))
                .lastSuccessAt(lastSuccess)
                .version(1);
    }

    /** A hub connected at {@code connectedAt} that never synced. */
    static Hub.Builder newHub(Instant connectedAt) {
        return syncedHub(connectedAt).connectedAt(connectedAt).lastSync(null).lastSuccessAt(null);
    }

    /** A cohort whose first validation completed at {@code completedAt}. */
    static ValidationCohort validatedCohort(Instant completedAt) {
        return new ValidationCohort(WS, ExternalApp.META_BUSINESS_MANAGER, completedAt.minus(Duration.ofHours(1)),
                completedAt, completedAt, null, null, 1);
    }

    /** A cohort whose first validation is still running. */
    static ValidationCohort validatingCohort(Instant requestedAt) {
        ValidationRun run = new ValidationRun("val-1", ValidationRun.Kind.INITIAL, ValidationRun.Phase.CHECKING,
                OWNER, requestedAt, 0, requestedAt.plus(Duration.ofMinutes(15)), null, null);
        return new ValidationCohort(WS, ExternalApp.META_BUSINESS_MANAGER, requestedAt, null, null, run, null, 1);
    }

    static ValidationCohort withReview(ValidationCohort cohort, ReasonCode code, Instant since) {
        return new ValidationCohort(cohort.workspaceId(), cohort.app(), cohort.requestedAt(), cohort.completedAt(),
                cohort.lastCompletedAt(), cohort.run(), new ValidationCohort.Review(code, "automation broke", since),
                cohort.version());
    }

    static Hub.Builder withProblems(Hub.Builder hub, Instant since, ReasonCode... codes) {
        List<Problem> problems = new ArrayList<>(hub.build().problems());
        for (ReasonCode code : codes) {
            problems.add(new Problem(code, "found by a check", since, since));
        }
        return hub.problems(problems);
    }

    static Hub.Builder withFailedLastSync(Hub.Builder hub, Instant at, Cause cause) {
        return hub.lastSync(new SyncAttempt("sync-9", SyncTrigger.MANUAL, at.minusSeconds(10), at,
                Finding.of(cause, "sync failed")));
    }
}
