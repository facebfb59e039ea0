package com.hubstatus.store;

import com.hubstatus.outbox.OutboxEntry;
import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckTrigger;
import com.hubstatus.status.Claim;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Finding;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubListing;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.PendingCheck;
import com.hubstatus.status.Problem;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.RecordedStatus;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.status.SyncAttempt;
import com.hubstatus.status.SyncRun;
import com.hubstatus.status.SyncTrigger;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.status.ValidationRun;
import com.hubstatus.usecase.port.IdempotencyRecords;
import com.hubstatus.usecase.port.ProcessedEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.hubstatus.store.TableLayout.*;

/**
 * Domain facts to DynamoDB items and back, written out by hand: no reflection, no schema built
 * at run time. Index attributes are derived from the facts on every write, so an item is in a
 * sparse index exactly while its facts say it is due.
 */
final class HubItems {

    static final String HUB_TYPE = "HUB";
    static final String COHORT_TYPE = "COHORT";
    static final String HISTORY_TYPE = "HISTORY";
    static final String OUTBOX_TYPE = "OUTBOX";
    static final String MARKER_TYPE = "PROCESSED_EVENT";

    private HubItems() {
    }

    // ---- hubs -----------------------------------------------------------------------------------

    static Map<String, AttributeValue> hubItem(Hub hub, long version, StatusPolicy policy, HubStatus standing) {
        Item item = new Item();
        item.s(PK, workspacePk(hub.workspaceId()));
        item.s(SK, hubSk(hub.hubId()));
        item.s(TYPE, HUB_TYPE);
        item.s(LSI1SK, appIndexKey(hub.app(), hub.hubId()));
        Instant sweepAt = hub.sweepAt(policy);
        if (sweepAt != null) {
            item.s(GSI1PK, sweepShard(shardOf(hub.workspaceId() + "#" + hub.hubId())));
            item.s(GSI1SK, sortable(sweepAt));
        }
        Instant retryAt = hub.retryAt();
        if (retryAt != null) {
            item.s(GSI2PK, retryShard(shardOf(hub.workspaceId() + "#" + hub.hubId())));
            item.s(GSI2SK, sortable(retryAt));
        }
        hub.problems().stream()
                .filter(problem -> problem.code().status() == HubStatus.UNDER_REVIEW)
                .map(Problem::since)
                .min(Instant::compareTo)
                .ifPresent(since -> {
                    item.s(GSI3PK, REVIEW_PARTITION);
                    item.s(GSI3SK, reviewSortKey(since, hub.workspaceId(), hubSk(hub.hubId())));
                });
        item.s("listedStanding", standing.name());
        if (standing == HubStatus.HEALTHY && hub.staleAt(policy) != null) {
            item.s(GSI4PK, stalePartition(hub.workspaceId()));
            item.s(GSI4SK, staleKey(hub.app(), hub.staleAt(policy), hub.hubId()));
        }
        item.s("workspaceId", hub.workspaceId());
        item.s("hubId", hub.hubId());
        item.s("app", hub.app().id());
        item.s("name", hub.name());
        item.s("businessId", hub.businessId());
        item.s("serviceAccountRef", hub.serviceAccountRef());
        item.ss("owners", hub.owners());
        item.ss("managers", hub.managers());
        item.t("connectedAt", hub.connectedAt());
        if (!hub.problems().isEmpty()) {
            item.put("problems", AttributeValue.fromL(hub.problems().stream().map(HubItems::problem).toList()));
        }
        if (hub.check() != null) {
            PendingCheck c = hub.check();
            Item m = new Item();
            m.s("checkId", c.checkId());
            m.s("trigger", c.trigger().name());
            m.t("requestedAt", c.requestedAt());
            m.n("attempts", c.attempts());
            m.t("retryAt", c.retryAt());
            claim(m, c.claim());
            item.put("check", m.asMap());
        }
        item.s("validatedRunId", hub.validatedRunId());
        if (hub.syncRun() != null) {
            SyncRun r = hub.syncRun();
            Item m = new Item();
            m.s("runId", r.runId());
            m.s("trigger", r.trigger().name());
            m.s("requestedBy", r.requestedBy());
            m.t("requestedAt", r.requestedAt());
            m.t("startedAt", r.startedAt());
            m.t("leaseUntil", r.leaseUntil());
            m.s("claimedBy", r.claimedBy());
            m.n("attempts", r.attempts());
            item.put("syncRun", m.asMap());
        }
        if (hub.lastSync() != null) {
            SyncAttempt a = hub.lastSync();
            Item m = new Item();
            m.s("runId", a.runId());
            m.s("trigger", a.trigger().name());
            m.t("startedAt", a.startedAt());
            m.t("finishedAt", a.finishedAt());
            if (a.failure() != null) {
                m.s("failureCause", a.failure().cause().name());
                m.s("failureDetail", a.failure().detail());
            }
            item.put("lastSync", m.asMap());
        }
        item.t("lastSuccessAt", hub.lastSuccessAt());
        item.n("consecutiveSyncFailures", hub.consecutiveSyncFailures());
        item.t("autoSyncCycle", hub.autoSyncCycle());
        if (hub.recorded() != null) {
            item.s("recordedStatus", hub.recorded().status().name());
            item.t("recordedSince", hub.recorded().since());
            item.put("recordedReasons", AttributeValue.fromL(hub.recorded().reasons().stream()
                    .map(r -> AttributeValue.fromS(r.name())).toList()));
        }
        item.n(VERSION, version);
        return item.asMapValue();
    }

    static Hub hub(Map<String, AttributeValue> item) {
        Fields f = new Fields(item);
        RecordedStatus recorded = null;
        if (f.has("recordedStatus")) {
            recorded = new RecordedStatus(HubStatus.valueOf(f.s("recordedStatus")), f.t("recordedSince"),
                    f.list("recordedReasons", v -> ReasonCode.valueOf(v.s())));
        }
        PendingCheck check = null;
        if (f.has("check")) {
            Fields c = f.map("check");
            check = new PendingCheck(c.s("checkId"), CheckTrigger.valueOf(c.s("trigger")), c.t("requestedAt"),
                    (int) c.n("attempts"), c.t("retryAt"), claim(c));
        }
        SyncRun syncRun = null;
        if (f.has("syncRun")) {
            Fields r = f.map("syncRun");
            syncRun = new SyncRun(r.s("runId"), SyncTrigger.valueOf(r.s("trigger")), r.s("requestedBy"),
                    r.t("requestedAt"), r.t("startedAt"), r.t("leaseUntil"), r.s("claimedBy"),
                    r.has("attempts") ? (int) r.n("attempts") : 1);
        }
        SyncAttempt lastSync = null;
        if (f.has("lastSync")) {
            Fields a = f.map("lastSync");
            Finding failure = a.has("failureCause")
                    ? new Finding(Cause.valueOf(a.s("failureCause")), a.s("failureDetail")) : null;
            lastSync = new SyncAttempt(a.s("runId"), SyncTrigger.valueOf(a.s("trigger")), a.t("startedAt"),
                    a.t("finishedAt"), failure);
        }
        return Hub.builder()
                .workspaceId(f.s("workspaceId"))
                .hubId(f.s("hubId"))
                .app(ExternalApp.require(f.s("app")))
                .name(f.s("name"))
                .businessId(f.s("businessId"))
                .serviceAccountRef(f.s("serviceAccountRef"))
                .owners(f.ss("owners"))
                .managers(f.ss("managers"))
                .connectedAt(f.t("connectedAt"))
                .problems(f.list("problems", v -> {
                    Fields p = new Fields(v.m());
                    return new Problem(ReasonCode.valueOf(p.s("code")), p.s("detail"), p.t("since"), p.t("lastSeenAt"));
                }))
                .check(check)
                .validatedRunId(f.s("validatedRunId"))
                .syncRun(syncRun)
                .lastSync(lastSync)
                .lastSuccessAt(f.t("lastSuccessAt"))
                .consecutiveSyncFailures((int) f.n("consecutiveSyncFailures"))
                .autoSyncCycle(f.t("autoSyncCycle"))
                .recorded(recorded)
                .listing(f.has("listedStanding")
                        ? new HubListing(HubStatus.valueOf(f.s("listedStanding")), union(f.ss("owners"), f.ss("managers")))
                        : null)
                .version(f.n(VERSION))
                .build();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    // ---- idempotency keys ----------------------------------------------------------------------------

    static Map<String, AttributeValue> idempotencyClaim(String id, String requestHash, Instant claimedUntil,
                                                        Instant expiresAt) {
        Item item = new Item();
        item.s(PK, idempotencyPk(id));
        item.s(SK, IDEMPOTENCY_SK);
        item.s(TYPE, "IDEMPOTENCY");
        item.s("requestHash", requestHash);
        item.s("claimedUntil", sortable(claimedUntil));
        item.n(EXPIRES_AT, expiresAt.getEpochSecond());
        return item.asMapValue();
    }

    static IdempotencyRecords.IdempotencyRecord idempotencyRecord(Map<String, AttributeValue> item) {
        Fields f = new Fields(item);
        Optional<IdempotencyRecords.StoredAnswer> answer = f.has("answerStatus")
                ? Optional.of(new IdempotencyRecords.StoredAnswer((int) f.n("answerStatus"),
                        item.get("answerHeaders").m().entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, h -> h.getValue().s())),
                        f.s("answerBody")))
                : Optional.empty();
        return new IdempotencyRecords.IdempotencyRecord(f.s("requestHash"), answer,
                Instant.parse(f.s("claimedUntil")));
    }

    // ---- listings ----------------------------------------------------------------------------------

    static final String MEMBER_TYPE = "MEMBER";

    /** A user's entry for a hub they see, in their listing partition, ordered by the app index. */
    static Map<String, AttributeValue> memberItem(Hub hub, String userId, HubStatus standing) {
        Item item = new Item();
        item.s(PK, memberPk(hub.workspaceId(), userId));
        item.s(SK, hubSk(hub.hubId()));
        item.s(TYPE, MEMBER_TYPE);
        item.s(LSI1SK, memberListingKey(hub.app(), standing, hub.hubId()));
        item.s("hubId", hub.hubId());
        return item.asMapValue();
    }

    private static AttributeValue problem(Problem p) {
        Item m = new Item();
        m.s("code", p.code().name());
        m.s("detail", p.detail());
        m.t("since", p.since());
        m.t("lastSeenAt", p.lastSeenAt());
        return m.asMap();
    }

    private static void claim(Item m, Claim claim) {
        if (claim != null) {
            m.s("claimedBy", claim.by());
            m.t("claimedUntil", claim.until());
        }
    }

    private static Claim claim(Fields f) {
        return f.has("claimedBy") ? new Claim(f.s("claimedBy"), f.t("claimedUntil")) : null;
    }

    // ---- cohorts --------------------------------------------------------------------------------

    static Map<String, AttributeValue> cohortItem(ValidationCohort cohort, long version) {
        Item item = new Item();
        item.s(PK, workspacePk(cohort.workspaceId()));
        item.s(SK, cohortSk(cohort.app()));
        item.s(TYPE, COHORT_TYPE);
        if (cohort.retryAt() != null) {
            item.s(GSI2PK, retryShard(shardOf(cohort.workspaceId() + "#" + cohort.app().id())));
            item.s(GSI2SK, sortable(cohort.retryAt()));
        }
        if (cohort.review() != null) {
            item.s(GSI3PK, REVIEW_PARTITION);
            item.s(GSI3SK, reviewSortKey(cohort.review().since(), cohort.workspaceId(), cohortSk(cohort.app())));
        }
        item.s("workspaceId", cohort.workspaceId());
        item.s("app", cohort.app().id());
        item.t("requestedAt", cohort.requestedAt());
        item.t("completedAt", cohort.completedAt());
        item.t("lastCompletedAt", cohort.lastCompletedAt());
        if (cohort.run() != null) {
            ValidationRun r = cohort.run();
            Item m = new Item();
            m.s("runId", r.runId());
            m.s("kind", r.kind().name());
            m.s("phase", r.phase().name());
            m.s("requestedBy", r.requestedBy());
            m.t("requestedAt", r.requestedAt());
            m.n("attempts", r.attempts());
            m.t("retryAt", r.retryAt());
            if (r.reviewFinding() != null) {
                m.s("reviewCause", r.reviewFinding().cause().name());
                m.s("reviewDetail", r.reviewFinding().detail());
            }
            m.s("settleCursor", r.settleCursor());
            claim(m, r.claim());
            item.put("run", m.asMap());
        }
        if (cohort.review() != null) {
            Item m = new Item();
            m.s("code", cohort.review().code().name());
            m.s("detail", cohort.review().detail());
            m.t("since", cohort.review().since());
            item.put("review", m.asMap());
        }
        item.n(VERSION, version);
        return item.asMapValue();
    }

    static ValidationCohort cohort(Map<String, AttributeValue> item) {
        Fields f = new Fields(item);
        ValidationRun run = null;
        if (f.has("run")) {
            Fields r = f.map("run");
            Finding finding = r.has("reviewCause")
                    ? new Finding(Cause.valueOf(r.s("reviewCause")), r.s("reviewDetail")) : null;
            run = new ValidationRun(r.s("runId"), ValidationRun.Kind.valueOf(r.s("kind")),
                    ValidationRun.Phase.valueOf(r.s("phase")), r.s("requestedBy"), r.t("requestedAt"),
                    (int) r.n("attempts"), r.t("retryAt"), finding, r.s("settleCursor"), claim(r));
        }
        ValidationCohort.Review review = null;
        if (f.has("review")) {
            Fields v = f.map("review");
            review = new ValidationCohort.Review(ReasonCode.valueOf(v.s("code")), v.s("detail"), v.t("since"));
        }
        return new ValidationCohort(f.s("workspaceId"), ExternalApp.require(f.s("app")), f.t("requestedAt"),
                f.t("completedAt"), f.t("lastCompletedAt"), run, review, f.n(VERSION));
    }

    // ---- history, outbox, markers ------------------------------------------------------------------

    static Map<String, AttributeValue> historyItem(HistoryEntry entry) {
        Item item = new Item();
        item.s(PK, historyPk(entry.workspaceId(), entry.hubId()));
        item.s(SK, historySk(entry.at(), entry.eventId()));
        item.s(TYPE, HISTORY_TYPE);
        item.s("workspaceId", entry.workspaceId());
        item.s("hubId", entry.hubId());
        item.t("at", entry.at());
        item.s("from", entry.from() == null ? null : entry.from().name());
        item.s("to", entry.to() == null ? null : entry.to().name());
        item.put("reasons", AttributeValue.fromL(entry.reasons().stream().map(r -> AttributeValue.fromS(r.name())).toList()));
        item.s("cause", entry.cause().name());
        item.s("eventId", entry.eventId());
        item.n(EXPIRES_AT, entry.at().plus(HISTORY_RETENTION).getEpochSecond());
        return item.asMapValue();
    }

    static HistoryEntry history(Map<String, AttributeValue> item) {
        Fields f = new Fields(item);
        return new HistoryEntry(f.s("workspaceId"), f.s("hubId"), f.t("at"),
                f.has("from") ? HubStatus.valueOf(f.s("from")) : null,
                f.has("to") ? HubStatus.valueOf(f.s("to")) : null,
                f.list("reasons", v -> ReasonCode.valueOf(v.s())),
                TransitionCause.valueOf(f.s("cause")), f.s("eventId"));
    }

    static Map<String, AttributeValue> outboxItem(OutboxEntry event) {
        Item item = new Item();
        item.s(PK, outboxPk(event.eventId()));
        item.s(SK, "OUTBOX");
        item.s(TYPE, OUTBOX_TYPE);
        item.s(GSI1PK, outboxShard(shardOf(event.eventId())));
        item.s(GSI1SK, sortable(event.createdAt()));
        item.s("eventId", event.eventId());
        item.s("detailType", event.detailType());
        item.s("detail", event.detail());
        item.t("createdAt", event.createdAt());
        return item.asMapValue();
    }

    static OutboxEntry outbox(Map<String, AttributeValue> item) {
        Fields f = new Fields(item);
        return new OutboxEntry(f.s("eventId"), f.s("detailType"), f.s("detail"), f.t("createdAt"));
    }

    static Map<String, AttributeValue> markerItem(ProcessedEvent marker, Instant now) {
        Item item = new Item();
        item.s(PK, markerPk(marker.consumer(), marker.eventId()));
        item.s(SK, "EVENT");
        item.s(TYPE, MARKER_TYPE);
        item.t("processedAt", now);
        item.n(EXPIRES_AT, now.plus(MARKER_RETENTION).getEpochSecond());
        return item.asMapValue();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    // ---- plumbing -----------------------------------------------------------------------------------

    /** Builds an item, leaving out absent values (DynamoDB has no empty sets). */
    private static final class Item {
        private final Map<String, AttributeValue> values = new HashMap<>();

        void s(String name, String value) {
            if (value != null) {
                values.put(name, AttributeValue.fromS(value));
            }
        }

        void t(String name, Instant value) {
            if (value != null) {
                values.put(name, AttributeValue.fromS(value.toString()));
            }
        }

        void n(String name, long value) {
            values.put(name, AttributeValue.fromN(Long.toString(value)));
        }

        void ss(String name, Set<String> value) {
            if (!value.isEmpty()) {
                values.put(name, AttributeValue.fromSs(List.copyOf(value)));
            }
        }

        void put(String name, AttributeValue value) {
            values.put(name, value);
        }

        AttributeValue asMap() {
            return AttributeValue.fromM(values);
        }

        Map<String, AttributeValue> asMapValue() {
            return values;
        }
    }

    /** Reads an item; a missing attribute reads as null, zero or empty. */
    private record Fields(Map<String, AttributeValue> values) {
        boolean has(String name) {
            AttributeValue v = values.get(name);
            return v != null && v.type() != AttributeValue.Type.NUL;
        }

        String s(String name) {
            return has(name) ? values.get(name).s() : null;
        }

        Instant t(String name) {
            return has(name) ? Instant.parse(values.get(name).s()) : null;
        }

        long n(String name) {
            return has(name) ? Long.parseLong(values.get(name).n()) : 0L;
        }

        Set<String> ss(String name) {
            return has(name) ? new HashSet<>(values.get(name).ss()) : Set.of();
        }

        Fields map(String name) {
            return new Fields(values.get(name).m());
        }

        <T> List<T> list(String name, Function<AttributeValue, T> reader) {
            if (!has(name)) {
                return List.of();
            }
            List<T> out = new ArrayList<>();
            for (AttributeValue v : values.get(name).l()) {
                out.add(reader.apply(v));
            }
            return out;
        }
    }
}
