package com.hubstatus.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.PendingCheck;
import com.hubstatus.status.Reason;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.SyncAttempt;
import com.hubstatus.status.SyncRun;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.usecase.ListReviews;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** How hubs, their status and their history look in the API. README's API section shows the same. */
public final class HubJson {

    private HubJson() {
    }

    /** A hub and its status view, as the caller sees it. */
    public static ObjectNode hub(StatusView view, String callerId) {
        Hub hub = view.hub();
        ObjectNode node = Json.object();
        node.put("hubId", hub.hubId());
        node.put("name", hub.name());
        node.set("app", app(hub.app()));
        node.put("businessId", hub.businessId());
        node.put("serviceAccount", hub.serviceAccountRef());
        node.put("role", hub.isOwner(callerId) ? "OWNER" : "MANAGER");
        strings(node.putArray("owners"), hub.owners());
        strings(node.putArray("managers"), hub.managers());
        instant(node, "connectedAt", hub.connectedAt());
        node.set("status", status(view));
        node.set("sync", sync(view));
        PendingCheck check = view.check();
        if (check == null) {
            node.putNull("check");
        } else {
            ObjectNode c = node.putObject("check");
            c.put("state", "PENDING");
            c.put("trigger", check.trigger().name());
            instant(c, "requestedAt", check.requestedAt());
        }
        instant(node, "evaluatedAt", view.evaluatedAt());
        return node;
    }

    public static ObjectNode status(StatusView view) {
        HubStatus status = view.status();
        ObjectNode node = Json.object();
        node.put("code", status.name());
        node.put("label", status.label());
        node.put("description", status.description());
        instant(node, "since", view.since());
        node.put("mustAct", view.mustAct().name());
        ObjectNode next = node.putObject("nextAction");
        next.put("code", view.nextAction().name());
        next.put("label", view.nextAction().label());
        next.put("actor", view.nextAction().actor().name());
        reasons(node.putArray("reasons"), view.reasons());
        instant(node, "healthyUntil", view.healthyUntil());
        return node;
    }

    private static ObjectNode sync(StatusView view) {
        ObjectNode node = Json.object();
        SyncAttempt last = view.lastSyncAttempt();
        if (last == null) {
            node.putNull("lastAttempt");
        } else {
            ObjectNode a = node.putObject("lastAttempt");
            a.put("runId", last.runId());
            a.put("trigger", last.trigger().name());
            instant(a, "startedAt", last.startedAt());
            instant(a, "finishedAt", last.finishedAt());
            a.put("outcome", last.hasSucceeded() ? "SUCCEEDED" : "FAILED");
            if (!last.hasSucceeded()) {
                a.put("cause", last.failure().cause().name());
                a.put("detail", last.failure().detail());
            }
        }
        instant(node, "lastSuccessAt", view.lastSuccessAt());
        SyncRun run = view.syncRun();
        if (run == null) {
            node.putNull("running");
        } else {
            node.set("running", syncRun(run));
        }
        return node;
    }

    public static ObjectNode syncRun(SyncRun run) {
        ObjectNode r = Json.object();
        r.put("runId", run.runId());
        r.put("state", run.state().name());
        r.put("trigger", run.trigger().name());
        instant(r, "requestedAt", run.requestedAt());
        instant(r, "startedAt", run.startedAt());
        return r;
    }

    public static ObjectNode history(HistoryEntry entry) {
        ObjectNode node = Json.object();
        instant(node, "at", entry.at());
        if (entry.from() == null) {
            node.putNull("from");
        } else {
            node.put("from", entry.from().name());
        }
        if (entry.to() == null) {
            node.putNull("to");
        } else {
            node.put("to", entry.to().name());
        }
        ArrayNode reasons = node.putArray("reasons");
        entry.reasons().forEach(r -> reasons.add(r.name()));
        node.put("cause", entry.cause().name());
        node.put("eventId", entry.eventId());
        return node;
    }

    /** A validation cohort, as operators see it. */
    public static ObjectNode cohort(ValidationCohort cohort) {
        ObjectNode node = Json.object();
        node.set("app", app(cohort.app()));
        node.put("validating", cohort.isValidating());
        instant(node, "requestedAt", cohort.requestedAt());
        instant(node, "completedAt", cohort.completedAt());
        instant(node, "lastCompletedAt", cohort.lastCompletedAt());
        if (cohort.run() == null) {
            node.putNull("run");
        } else {
            ObjectNode run = node.putObject("run");
            run.put("runId", cohort.run().runId());
            run.put("kind", cohort.run().kind().name());
            run.put("phase", cohort.run().phase().name());
            instant(run, "requestedAt", cohort.run().requestedAt());
        }
        if (cohort.review() == null) {
            node.putNull("review");
        } else {
            ObjectNode review = node.putObject("review");
            review.put("code", cohort.review().code().name());
            review.put("message", cohort.review().code().message(cohort.app()));
            review.put("detail", cohort.review().detail());
            instant(review, "since", cohort.review().since());
        }
        return node;
    }

    /** One entry of the operators' review queue. */
    public static ObjectNode review(ListReviews.Review review) {
        ObjectNode node = Json.object();
        node.put("kind", review.hubId().isPresent() ? "HUB" : "INTEGRATION");
        node.put("workspaceId", review.workspaceId());
        node.set("app", app(review.app()));
        review.hubId().ifPresent(id -> node.put("hubId", id));
        review.hubName().ifPresent(name -> node.put("name", name));
        reasons(node.putArray("reasons"), review.reasons());
        instant(node, "since", review.since());
        return node;
    }

    private static void reasons(ArrayNode into, List<Reason> reasons) {
        for (Reason reason : reasons) {
            ObjectNode r = into.addObject();
            r.put("code", reason.code().name());
            r.put("status", reason.status().name());
            r.put("message", reason.message());
            if (!reason.detail().isEmpty()) {
                r.put("detail", reason.detail());
            }
            instant(r, "since", reason.since());
        }
    }

    public static ObjectNode app(ExternalApp app) {
        ObjectNode node = Json.object();
        node.put("id", app.id());
        node.put("label", app.label());
        return node;
    }

    private static void strings(ArrayNode array, Collection<String> values) {
        values.stream().sorted().forEach(array::add);
    }

    private static void instant(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }
}
