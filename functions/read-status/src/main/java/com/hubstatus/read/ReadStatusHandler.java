package com.hubstatus.read;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.app.FunctionEnvironment;
import com.hubstatus.http.ApiException;
import com.hubstatus.http.ApiHandler;
import com.hubstatus.http.HubJson;
import com.hubstatus.http.Identity;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.http.Responses;
import com.hubstatus.json.Json;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.StatusEvaluator;
import com.hubstatus.status.StatusView;
import com.hubstatus.store.HubStore;
import com.hubstatus.store.Page;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Serves hub status to API clients. Every status is computed at the moment of the read from the
 * hub's facts, its cohort's and the time, so it is right whether or not the sweep has run.
 *
 * <ul>
 *   <li>{@code GET /hubs}: the caller's hubs with their status, counts per status, filters by
 *       {@code status} and {@code app}, paged by {@code limit} and {@code cursor}</li>
 *   <li>{@code GET /hubs/{hubId}}: one hub's status</li>
 *   <li>{@code GET /hubs/{hubId}/history}: its status transitions, newest first, paged</li>
 * </ul>
 */
public final class ReadStatusHandler extends ApiHandler {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    /** Hubs read per store Query while listing a workspace. */
    static final int STORE_PAGE = 1000;
    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final HubStore store;
    private final StatusEvaluator evaluator;
    private final Clock clock;

    /** The Lambda runtime's constructor: clients built once per container from the environment. */
    public ReadStatusHandler() {
        this(FunctionEnvironment.current());
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public ReadStatusHandler(FunctionEnvironment env) {
        this(env.store(), new StatusEvaluator(env.policy()), env.identities(), env.clock());
    }

    public ReadStatusHandler(HubStore store, StatusEvaluator evaluator, IdentityReader identities, Clock clock) {
        super(identities);
        this.store = store;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event, Identity caller) {
        return switch (routeKey) {
            case "GET /hubs" -> list(event, caller);
            case "GET /hubs/{hubId}" -> one(event, caller);
            case "GET /hubs/{hubId}/history" -> history(event, caller);
            default -> notFoundRoute();
        };
    }

    private APIGatewayV2HTTPResponse one(APIGatewayV2HTTPEvent event, Identity caller) {
        HubStore.HubWithCohort found = visibleHub(event, caller);
        StatusView view = evaluator.evaluate(found.hub(), found.cohort(), clock.instant());
        return Responses.json(200, HubJson.hub(view, caller.userId()));
    }

    private APIGatewayV2HTTPResponse history(APIGatewayV2HTTPEvent event, Identity caller) {
        HubStore.HubWithCohort found = visibleHub(event, caller);
        int limit = limitParameter(event, DEFAULT_LIMIT, MAX_LIMIT);
        Page<HistoryEntry> page = store.history(caller.workspaceId(), found.hub().hubId(),
                queryParameter(event, "cursor"), limit);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("hubId", found.hub().hubId());
        ArrayNode entries = body.putArray("entries");
        page.items().forEach(entry -> entries.add(HubJson.history(entry)));
        putCursor(body, page.nextCursor());
        return Responses.json(200, body);
    }

    /**
     * Lists the caller's hubs. Counts per status cover every hub the caller sees (of the app
     * asked for), so the whole workspace partition is read and evaluated; the status filter and
     * the page apply after counting. 5,000 hubs take about five store Queries.
     */
    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event, Identity caller) {
        int limit = limitParameter(event, DEFAULT_LIMIT, MAX_LIMIT);
        Set<HubStatus> statuses = statusFilter(queryParameter(event, "status"));
        ExternalApp app = appFilter(queryParameter(event, "app"));
        String after = decodeListCursor(queryParameter(event, "cursor"));
        Instant now = clock.instant();

        Map<HubStatus, Integer> counts = new EnumMap<>(HubStatus.class);
        for (HubStatus status : HubStatus.values()) {
            counts.put(status, 0);
        }
        List<StatusView> matching = new ArrayList<>();
        String storeCursor = null;
        do {
            HubStore.WorkspacePage page = store.listWorkspace(caller.workspaceId(), storeCursor, STORE_PAGE);
            for (Hub hub : page.hubs()) {
                if (!hub.isVisibleTo(caller.userId()) || (app != null && hub.app() != app)) {
                    continue;
                }
                StatusView view = evaluator.evaluate(hub, page.cohorts().get(hub.app()), now);
                counts.merge(view.status(), 1, Integer::sum);
                if (statuses.contains(view.status()) && (after == null || hub.hubId().compareTo(after) > 0)) {
                    matching.add(view);
                }
            }
            storeCursor = page.nextCursor();
        } while (storeCursor != null);

        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode hubs = body.putArray("hubs");
        matching.stream().limit(limit).forEach(view -> hubs.add(HubJson.hub(view, caller.userId())));
        ObjectNode countNode = body.putObject("counts");
        counts.forEach((status, count) -> countNode.put(status.name(), count));
        body.put("total", counts.values().stream().mapToInt(Integer::intValue).sum());
        putCursor(body, matching.size() > limit ? encodeListCursor(matching.get(limit - 1).hub().hubId()) : null);
        return Responses.json(200, body);
    }

    private HubStore.HubWithCohort visibleHub(APIGatewayV2HTTPEvent event, Identity caller) {
        String hubId = hubIdParameter(event);
        return store.findHubWithCohort(caller.workspaceId(), hubId)
                .filter(found -> found.hub().isVisibleTo(caller.userId()))
                .orElseThrow(ApiException::hubNotFound);
    }

    private static Set<HubStatus> statusFilter(String raw) {
        if (raw == null || raw.isBlank()) {
            return EnumSet.allOf(HubStatus.class);
        }
        Set<HubStatus> statuses = EnumSet.noneOf(HubStatus.class);
        for (String code : raw.split(",")) {
            try {
                statuses.add(HubStatus.valueOf(code.strip()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("INVALID_PARAMETER", "unknown status '" + code.strip() + "'");
            }
        }
        return statuses;
    }

    private static ExternalApp appFilter(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return ExternalApp.byId(raw.strip()).orElseThrow(() ->
                ApiException.badRequest("INVALID_PARAMETER", "unknown app '" + raw.strip() + "'"));
    }

    private static void putCursor(ObjectNode body, String cursor) {
        if (cursor == null) {
            body.putNull("nextCursor");
        } else {
            body.put("nextCursor", cursor);
        }
    }

    private static String encodeListCursor(String lastHubId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + lastHubId).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeListCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith("after:") && HUB_ID.matcher(decoded.substring(6)).matches()) {
                return decoded.substring(6);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApiException.badRequest("INVALID_CURSOR", "the cursor is not valid for this listing");
    }
}
