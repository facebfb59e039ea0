package com.hubstatus.store;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The single-table layout: key shapes, index names and sharding. docs/data-model.md describes
 * the same layout for people.
 */
final class TableLayout {

    static final String PK = "PK";
    static final String SK = "SK";
    static final String LSI1SK = "LSI1SK";
    static final String GSI1PK = "GSI1PK";
    static final String GSI1SK = "GSI1SK";
    static final String GSI2PK = "GSI2PK";
    static final String GSI2SK = "GSI2SK";
    static final String GSI3PK = "GSI3PK";
    static final String GSI3SK = "GSI3SK";
    static final String GSI4PK = "GSI4PK";
    static final String GSI4SK = "GSI4SK";
    static final String TYPE = "type";
    static final String VERSION = "version";
    static final String EXPIRES_AT = "expiresAt";

    static final String APP_INDEX = "app-index";
    static final String SWEEP_INDEX = "sweep-index";
    static final String RETRY_INDEX = "retry-index";
    static final String REVIEW_INDEX = "review-index";
    static final String STALE_INDEX = "stale-index";
    static final String COUNTS_SK = "COUNTS";
    static final String IDEMPOTENCY_SK = "IDEMPOTENCY";
    /**
     * The one partition of the review index. Reviews are exceptions, opened and closed a few
     * times a day, so one partition takes their writes; in exchange the queue reads in order.
     */
    static final String REVIEW_PARTITION = "REVIEW";

    /** Partitions of each sparse index, so no single key takes every hub's writes. */
    static final int SHARDS = 16;

    static final Duration HISTORY_RETENTION = Duration.ofDays(400);
    static final Duration MARKER_RETENTION = Duration.ofDays(7);

    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private TableLayout() {
    }

    static String workspacePk(String workspaceId) {
        return "WS#" + workspaceId;
    }

    static String hubSk(String hubId) {
        return "HUB#" + hubId;
    }

    static String cohortSk(ExternalApp app) {
        return "COHORT#" + app.id();
    }

    static String cohortHubsPrefix(ExternalApp app) {
        return "APP#" + app.id() + "#";
    }

    static String appIndexKey(ExternalApp app, String hubId) {
        return cohortHubsPrefix(app) + hubId;
    }

    /** The partition of one user's listing in a workspace: a member item per hub they see, and their counts. */
    static String memberPk(String workspaceId, String userId) {
        return "MEMBER#" + workspaceId + "#" + userId;
    }

    /**
     * A member item's listing key (its {@code LSI1SK}, so the app index orders a user's hubs):
     * by app, then standing status in precedence order, then hub.
     */
    static String memberListingKey(ExternalApp app, HubStatus standing, String hubId) {
        return memberListingPrefix(app, Optional.of(standing)) + hubId;
    }

    static String memberListingPrefix(ExternalApp app, Optional<HubStatus> standing) {
        return app.id() + "#" + standing.map(s -> s.ordinal() + s.name() + "#").orElse("");
    }

    /** The counts item's attribute for hubs of {@code app} standing in {@code status}. */
    static String countAttribute(ExternalApp app, HubStatus status) {
        return "C_" + app.id() + "_" + status.name();
    }

    /** The partition of a workspace's hubs in the stale index: the Healthy ones, by when they go stale. */
    static String stalePartition(String workspaceId) {
        return "STALE#" + workspaceId;
    }

    static String staleKey(ExternalApp app, Instant staleAt, String hubId) {
        return app.id() + "#" + sortable(staleAt) + "#" + hubId;
    }

    /** A request sent with an idempotency key: {@code id} digests the caller, the route and the key. */
    static String idempotencyPk(String id) {
        return "IDEMPOTENCY#" + id;
    }

    static String historyPk(String workspaceId, String hubId) {
        return "HUB#" + workspaceId + "#" + hubId;
    }

    static String historySk(Instant at, String eventId) {
        return "HISTORY#" + sortable(at) + "#" + eventId;
    }

    static String outboxPk(String eventId) {
        return "OUTBOX#" + eventId;
    }

    static String markerPk(String consumer, String eventId) {
        return "EVENT#" + consumer + "#" + eventId;
    }

    /** Orders the review queue by how long each has been under review. */
    static String reviewSortKey(Instant since, String workspaceId, String itemSk) {
        return sortable(since) + "#" + workspaceId + "#" + itemSk;
    }

    static String sweepShard(int shard) {
        return "SWEEP#" + twoDigits(shard);
    }

    static String outboxShard(int shard) {
        return "OUTBOX#" + twoDigits(shard);
    }

    static String retryShard(int shard) {
        return "RETRY#" + twoDigits(shard);
    }

    /** The shard of an item, from a stable hash of its identity. */
    static int shardOf(String identity) {
        return Math.floorMod(identity.hashCode(), SHARDS);
    }

    /** A fixed-width UTC time stamp, so index sort keys order as instants do. */
    static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    private static String twoDigits(int shard) {
        return shard < 10 ? "0" + shard : Integer.toString(shard);
    }
}
