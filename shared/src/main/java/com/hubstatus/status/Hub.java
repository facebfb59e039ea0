package com.hubstatus.status;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything known about one business hub. A hub holds a reference to its service account,
 * never a credential.
 *
 * @param workspaceId            the workspace the hub belongs to
 * @param hubId                  the hub's identifier, unique in its workspace
 * @param app                    the external app the hub is an account of
 * @param name                   a display name
 * @param businessId             the hub's account identifier in the external app
 * @param serviceAccountRef      which managed service account the hub uses (a reference, not a secret)
 * @param owners                 users who may act on the hub
 * @param managers               users who may read the hub
 * @param connectedAt            when the hub was connected
 * @param problems               open problems found by checks and syncs
 * @param check                  a single-hub check waiting for its result, or null
 * @param validatedRunId         the cohort validation run that last checked this hub, or null
 * @param syncRun                the sync asked for or running, or null
 * @param lastSync               the last finished sync, or null
 * @param lastSuccessAt          when a sync last succeeded, or null
 * @param consecutiveSyncFailures how many syncs in a row failed
 * @param autoSyncCycle          the {@code lastSuccessAt} for which an automatic sync was decided, or null
 * @param recorded               the status as last written
 * @param listing                how its members' listings hold it, as last written, or null for a hub not yet stored
 * @param version                the stored version this copy was read at (0 for a hub not yet stored)
 */
public record Hub(
        String workspaceId,
        String hubId,
        ExternalApp app,
        String name,
        String businessId,
        String serviceAccountRef,
        Set<String> owners,
        Set<String> managers,
        Instant connectedAt,
        List<Problem> problems,
        PendingCheck check,
        String validatedRunId,
        SyncRun syncRun,
        SyncAttempt lastSync,
        Instant lastSuccessAt,
        int consecutiveSyncFailures,
        Instant autoSyncCycle,
        RecordedStatus recorded,
        HubListing listing,
        long version) {

    /** The most owners a hub may have. */
    public static final int MAX_OWNERS = 10;
    /** The most managers a hub may have. */
    public static final int MAX_MANAGERS = 30;
    /**
     * The most people one change may add or remove: each member's listing and counts are written
     * with the hub, in one transaction, and this keeps the largest within DynamoDB's limit.
     */
    public static final int MAX_MEMBERSHIP_CHANGES = 40;

    public Hub {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(hubId, "hubId");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(connectedAt, "connectedAt");
        owners = Set.copyOf(new TreeSet<>(owners));
        managers = Set.copyOf(new TreeSet<>(managers));
        problems = problems.stream().sorted(Comparator.comparing(Problem::code)).toList();
    }

    /** Everyone who sees the hub: its owners and managers. */
    public Set<String> members() {
        Set<String> members = new TreeSet<>(owners);
        members.addAll(managers);
        return Set.copyOf(members);
    }

    public boolean isOwner(String userId) {
        return owners.contains(userId);
    }

    /** Owners and managers may see the hub. */
    public boolean isVisibleTo(String userId) {
        return owners.contains(userId) || managers.contains(userId);
    }

    public Optional<Problem> problem(ReasonCode code) {
        return problems.stream().filter(p -> p.code() == code).findFirst();
    }

    /** When the last success turns stale, or null before the first success. */
    public Instant staleAt(StatusPolicy policy) {
        return lastSuccessAt == null ? null : lastSuccessAt.plus(policy.stalenessThreshold());
    }

    /**
     * When the staleness sweep should next look at this hub: at the automatic-sync point of the
     * current success cycle, then at the staleness point; never once staleness is recorded or
     * before the first success.
     */
    public Instant sweepAt(StatusPolicy policy) {
        if (lastSuccessAt == null) {
            return null;
        }
        if (recorded != null && recorded.reasons().contains(ReasonCode.SYNC_STALE)) {
            return null;
        }
        Instant staleAt = staleAt(policy);
        if (lastSuccessAt.equals(autoSyncCycle)) {
            return staleAt;
        }
        return staleAt.minus(policy.autoSyncLead());
    }

    /**
     * When the retry schedule should look at the hub: the pending check's retry time or the sync
     * run's lease end, whichever comes first; null when neither is pending.
     */
    public Instant retryAt() {
        Instant checkAt = check == null ? null : check.retryAt();
        Instant syncAt = syncRun == null ? null : syncRun.leaseUntil();
        if (checkAt == null || syncAt == null) {
            return checkAt != null ? checkAt : syncAt;
        }
        return checkAt.isBefore(syncAt) ? checkAt : syncAt;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a hub, or a changed copy of one. */
    public static final class Builder {
        private String workspaceId;
        private String hubId;
        private ExternalApp app;
        private String name;
        private String businessId;
        private String serviceAccountRef;
        private Set<String> owners = Set.of();
        private Set<String> managers = Set.of();
        private Instant connectedAt;
        private List<Problem> problems = List.of();
        private PendingCheck check;
        private String validatedRunId;
        private SyncRun syncRun;
        private SyncAttempt lastSync;
        private Instant lastSuccessAt;
        private int consecutiveSyncFailures;
        private Instant autoSyncCycle;
        private RecordedStatus recorded;
        private HubListing listing;
        private long version;

        private Builder() {
        }

        private Builder(Hub hub) {
            workspaceId = hub.workspaceId;
            hubId = hub.hubId;
            app = hub.app;
            name = hub.name;
            businessId = hub.businessId;
            serviceAccountRef = hub.serviceAccountRef;
            owners = hub.owners;
            managers = hub.managers;
            connectedAt = hub.connectedAt;
            problems = hub.problems;
            check = hub.check;
            validatedRunId = hub.validatedRunId;
            syncRun = hub.syncRun;
            lastSync = hub.lastSync;
            lastSuccessAt = hub.lastSuccessAt;
            consecutiveSyncFailures = hub.consecutiveSyncFailures;
            autoSyncCycle = hub.autoSyncCycle;
            recorded = hub.recorded;
            listing = hub.listing;
            version = hub.version;
        }

        public Builder workspaceId(String v) { workspaceId = v; return this; }
        public Builder hubId(String v) { hubId = v; return this; }
        public Builder app(ExternalApp v) { app = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder businessId(String v) { businessId = v; return this; }
        public Builder serviceAccountRef(String v) { serviceAccountRef = v; return this; }
        public Builder owners(Set<String> v) { owners = v; return this; }
        public Builder managers(Set<String> v) { managers = v; return this; }
        public Builder connectedAt(Instant v) { connectedAt = v; return this; }
        public Builder problems(List<Problem> v) { problems = v; return this; }
        public Builder check(PendingCheck v) { check = v; return this; }
        public Builder validatedRunId(String v) { validatedRunId = v; return this; }
        public Builder syncRun(SyncRun v) { syncRun = v; return this; }
        public Builder lastSync(SyncAttempt v) { lastSync = v; return this; }
        public Builder lastSuccessAt(Instant v) { lastSuccessAt = v; return this; }
        public Builder consecutiveSyncFailures(int v) { consecutiveSyncFailures = v; return this; }
        public Builder autoSyncCycle(Instant v) { autoSyncCycle = v; return this; }
        public Builder recorded(RecordedStatus v) { recorded = v; return this; }
        public Builder listing(HubListing v) { listing = v; return this; }
        public Builder version(long v) { version = v; return this; }

        public Hub build() {
            return new Hub(workspaceId, hubId, app, name, businessId, serviceAccountRef, owners, managers,
                    connectedAt, problems, check, validatedRunId, syncRun, lastSync, lastSuccessAt,
                    consecutiveSyncFailures, autoSyncCycle, recorded, listing, version);
        }
    }
}
