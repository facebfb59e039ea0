package com.hubstatus.read;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.http.ApiException;
import com.hubstatus.http.ApiHandler;
import com.hubstatus.http.HubJson;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.http.Responses;
import com.hubstatus.json.Json;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.StatusView;
import com.hubstatus.usecase.Caller;
import com.hubstatus.usecase.ListHubs;
import com.hubstatus.usecase.ListReviews;
import com.hubstatus.usecase.ReadHub;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Serves hub status to API clients.
 *
 * <ul>
 *   <li>{@code GET /hubs}: the caller's hubs with their status, counts per status, filters by
 *       {@code status} and {@code app}, paged by {@code limit} and {@code cursor}</li>
 *   <li>{@code GET /hubs/{hubId}}: one hub's status</li>
 *   <li>{@code GET /hubs/{hubId}/history}: its status transitions, newest first, paged</li>
 *   <li>{@code GET /reviews}: for operators, what is under review across workspaces, oldest first, paged</li>
 * </ul>
 */
public final class ReadStatusHandler extends ApiHandler {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final Set<String> LIST_PARAMETERS = Set.of("status", "app", "limit", "cursor");
    /** What the paged listings of one thing (history, reviews) take. */
    private static final Set<String> HISTORY_PARAMETERS = Set.of("limit", "cursor");

    private final ListHubs listHubs;
    private final ReadHub readHub;
    private final ListReviews listReviews;

    /**
     * The Lambda runtime's constructor: clients and use cases built at init, once per container,
     * from the environment; SnapStart primes the request path before its checkpoint.
     */
    public ReadStatusHandler() {
        this(FunctionEnvironment.current());
        FunctionEnvironment.current().primeOnCheckpoint(this::prime);
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public ReadStatusHandler(FunctionEnvironment env) {
        this(env.listHubs(), env.readHub(), env.listReviews(), env.identities());
    }

    public ReadStatusHandler(ListHubs listHubs, ReadHub readHub, ListReviews listReviews, IdentityReader identities) {
        super(identities);
        this.listHubs = listHubs;
        this.readHub = readHub;
        this.listReviews = listReviews;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event, Caller caller) {
        return switch (routeKey) {
            case "GET /hubs" -> list(event, caller);
            case "GET /hubs/{hubId}" -> one(event, caller);
            case "GET /hubs/{hubId}/history" -> history(event, caller);
            case "GET /reviews" -> reviews(event, caller);
            default -> notFoundRoute();
        };
    }

    private APIGatewayV2HTTPResponse one(APIGatewayV2HTTPEvent event, Caller caller) {
        StatusView hub = readHub.read(caller, hubIdParameter(event));
        return Responses.hub(200, HubJson.hub(hub, caller.userId()), hub.hub().version());
    }

    private APIGatewayV2HTTPResponse history(APIGatewayV2HTTPEvent event, Caller caller) {
        String hubId = hubIdParameter(event);
        requireOnlyParameters(event, HISTORY_PARAMETERS);
        ReadHub.History history = readHub.history(caller, hubId, queryParameter(event, "cursor"),
                limitParameter(event, DEFAULT_LIMIT, MAX_LIMIT));
        ObjectNode body = Json.object();
        body.put("hubId", hubId);
        return page(body, "entries", history.entries(), HubJson::history, history.nextCursor());
    }

    private APIGatewayV2HTTPResponse reviews(APIGatewayV2HTTPEvent event, Caller caller) {
        requireOnlyParameters(event, HISTORY_PARAMETERS);
        ListReviews.Queue queue = listReviews.list(caller, queryParameter(event, "cursor"),
                limitParameter(event, DEFAULT_LIMIT, MAX_LIMIT));
        return page(Json.object(), "reviews", queue.reviews(), HubJson::review, queue.nextCursor());
    }

    /** A page of answers: {@code items} as JSON under {@code field}, and the cursor of the next page. */
    private static <T> APIGatewayV2HTTPResponse page(ObjectNode body, String field, List<T> items,
                                                     Function<T, ObjectNode> json, Optional<String> cursor) {
        ArrayNode array = body.putArray(field);
        items.forEach(item -> array.add(json.apply(item)));
        putCursor(body, cursor);
        return Responses.json(200, body);
    }

    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event, Caller caller) {
        requireOnlyParameters(event, LIST_PARAMETERS);
        ListHubs.Query query = new ListHubs.Query(
                statusFilter(queryParameter(event, "status")),
                appFilter(queryParameter(event, "app")),
                limitParameter(event, DEFAULT_LIMIT, MAX_LIMIT),
                queryParameter(event, "cursor"));
        ListHubs.Listing listing = listHubs.list(caller, query);
        ObjectNode body = Json.object();
        ArrayNode hubs = body.putArray("hubs");
        listing.hubs().forEach(view -> hubs.add(HubJson.hub(view, caller.userId())));
        ObjectNode counts = body.putObject("counts");
        for (HubStatus status : HubStatus.values()) {
            counts.put(status.name(), listing.counts().get(status));
        }
        body.put("total", listing.total());
        putCursor(body, listing.nextCursor());
        return Responses.json(200, body);
    }

    /** Comma-separated status codes, each one known; none means every status. */
    private static Set<HubStatus> statusFilter(Optional<String> raw) {
        if (raw.isEmpty()) {
            return EnumSet.allOf(HubStatus.class);
        }
        Set<HubStatus> statuses = EnumSet.noneOf(HubStatus.class);
        for (String code : raw.get().split(",", -1)) {
            try {
                statuses.add(HubStatus.valueOf(code));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("INVALID_PARAMETER", "parameter 'status' takes comma-separated status "
                        + "codes; " + ApiException.quote(code) + " is not one");
            }
        }
        return statuses;
    }

    private static Optional<ExternalApp> appFilter(Optional<String> raw) {
        return raw.map(id -> ExternalApp.byId(id).orElseThrow(() ->
                ApiException.badRequest("INVALID_PARAMETER", "unknown app " + ApiException.quote(id))));
    }

    private static void putCursor(ObjectNode body, Optional<String> cursor) {
        cursor.ifPresentOrElse(c -> body.put("nextCursor", c), () -> body.putNull("nextCursor"));
    }
}
