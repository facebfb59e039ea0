package com.hubstatus.connect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.hubstatus.app.FunctionEnvironment;
import com.hubstatus.app.StatusRecorder;
import com.hubstatus.http.ApiException;
import com.hubstatus.http.ApiHandler;
import com.hubstatus.http.HubJson;
import com.hubstatus.http.Identity;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.http.RequestBody;
import com.hubstatus.http.Responses;
import com.hubstatus.status.Decision;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.store.ConcurrentChangeException;
import com.hubstatus.store.HubStore;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Connects, changes and disconnects hubs, and takes an operator's request to validate an app's
 * integration again.
 *
 * <ul>
 *   <li>{@code POST /hubs}: connect; the caller becomes the owner</li>
 *   <li>{@code PATCH /hubs/{hubId}}: owners change name, business ID, service account, owners, managers</li>
 *   <li>{@code DELETE /hubs/{hubId}}: owners disconnect</li>
 *   <li>{@code POST /apps/{app}/revalidation}: operators re-validate the workspace's integration of an app</li>
 * </ul>
 */
public final class ConnectHubHandler extends ApiHandler {

    static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]+");
    static final Pattern BUSINESS_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    static final Pattern SERVICE_ACCOUNT_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]*");
    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@|+-]*");
    static final int MAX_MEMBERS = 50;

    private static final Set<String> CONNECT_FIELDS = Set.of("app", "name", "businessId", "serviceAccount", "managers");
    private static final Set<String> CHANGE_FIELDS = Set.of("name", "businessId", "serviceAccount", "owners", "managers");
    private static final int ATTEMPTS = 5;

    private final StatusRecorder recorder;
    private final HubTransitions transitions;

    /** The Lambda runtime's constructor: clients built once per container from the environment. */
    public ConnectHubHandler() {
        this(FunctionEnvironment.current());
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public ConnectHubHandler(FunctionEnvironment env) {
        this(env.recorder(), env.transitions(), env.identities());
    }

    public ConnectHubHandler(StatusRecorder recorder, HubTransitions transitions, IdentityReader identities) {
        super(identities);
        this.recorder = recorder;
        this.transitions = transitions;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event, Identity caller) {
        return switch (routeKey) {
            case "POST /hubs" -> connect(event, caller);
            case "PATCH /hubs/{hubId}" -> change(event, caller);
            case "DELETE /hubs/{hubId}" -> disconnect(event, caller);
            case "POST /apps/{app}/revalidation" -> revalidate(event, caller);
            default -> notFoundRoute();
        };
    }

    private APIGatewayV2HTTPResponse connect(APIGatewayV2HTTPEvent event, Identity caller) {
        RequestBody body = RequestBody.parse(event, CONNECT_FIELDS);
        String appId = body.requiredString("app", 64, null, null);
        ExternalApp app = ExternalApp.byId(appId).orElseThrow(() ->
                ApiException.badRequest("UNKNOWN_APP", "unknown app '" + appId + "'"));
        Set<String> managers = body.optionalStringSet("managers", MAX_MEMBERS, 128, USER_ID, "user ids");
        HubTransitions.NewHub request = new HubTransitions.NewHub(caller.workspaceId(), app,
                body.requiredString("name", 100, NAME, "printable text"),
                body.requiredString("businessId", 64, BUSINESS_ID, "letters, digits, '.', '_' or '-'"),
                body.requiredString("serviceAccount", 128, SERVICE_ACCOUNT_REF,
                        "a service account reference (letters, digits, '.', '_', ':', '/', '@' or '-')"),
                caller.userId(), managers == null ? Set.of() : managers);
        HubStore store = recorder.store();
        for (int attempt = 1; ; attempt++) {
            // A cohort someone else creates meanwhile fails this write; the next attempt joins it.
            ValidationCohort cohort = store.findCohort(caller.workspaceId(), app).orElse(null);
            Instant now = recorder.now();
            Decision decision = transitions.connect(request, cohort, now);
            try {
                StatusRecorder.Outcome outcome = recorder.record(decision, null, now);
                ValidationCohort current = outcome.saved().cohort() != null ? outcome.saved().cohort() : cohort;
                Hub hub = outcome.saved().hub();
                return Responses.created(HubJson.hub(transitions.evaluator().evaluate(hub, current, now), caller.userId()),
                        "/hubs/" + hub.hubId());
            } catch (ConcurrentChangeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private APIGatewayV2HTTPResponse change(APIGatewayV2HTTPEvent event, Identity caller) {
        String hubId = hubIdParameter(event);
        RequestBody body = RequestBody.parse(event, CHANGE_FIELDS);
        if (body.isEmpty()) {
            throw ApiException.badRequest("EMPTY_CHANGE", "name at least one of " + CHANGE_FIELDS.stream().sorted().toList());
        }
        Set<String> owners = body.optionalStringSet("owners", MAX_MEMBERS, 128, USER_ID, "user ids");
        if (owners != null && owners.isEmpty()) {
            throw ApiException.badRequest("INVALID_FIELD", "field 'owners' must name at least one owner");
        }
        HubTransitions.HubChange change = new HubTransitions.HubChange(
                body.optionalString("name", 100, NAME, "printable text"),
                body.optionalString("businessId", 64, BUSINESS_ID, "letters, digits, '.', '_' or '-'"),
                body.optionalString("serviceAccount", 128, SERVICE_ACCOUNT_REF, "a service account reference"),
                owners,
                body.optionalStringSet("managers", MAX_MEMBERS, 128, USER_ID, "user ids"));
        AtomicReference<ValidationCohort> cohort = new AtomicReference<>();
        StatusRecorder.Outcome outcome = recorder.onHub(caller.workspaceId(), hubId, null, (current, now) -> {
            requireOwner(current.hub(), caller);
            cohort.set(current.cohort());
            return transitions.change(current.hub(), current.cohort(), change, now);
        }).orElseThrow(ApiException::hubNotFound);
        ValidationCohort current = outcome.saved().cohort() != null ? outcome.saved().cohort() : cohort.get();
        return Responses.json(200, HubJson.hub(transitions.evaluator().evaluate(outcome.saved().hub(), current,
                recorder.now()), caller.userId()));
    }

    private APIGatewayV2HTTPResponse disconnect(APIGatewayV2HTTPEvent event, Identity caller) {
        String hubId = hubIdParameter(event);
        recorder.onHub(caller.workspaceId(), hubId, null, (current, now) -> {
            requireOwner(current.hub(), caller);
            return transitions.disconnect(current.hub(), caller.userId(), now);
        }).orElseThrow(ApiException::hubNotFound);
        return Responses.noContent();
    }

    private APIGatewayV2HTTPResponse revalidate(APIGatewayV2HTTPEvent event, Identity caller) {
        if (!caller.operator()) {
            throw ApiException.forbidden("only operators may re-validate an integration");
        }
        String appId = event.getPathParameters() == null ? null : event.getPathParameters().get("app");
        ExternalApp app = ExternalApp.byId(appId).orElseThrow(ApiException::cohortNotFound);
        StatusRecorder.Outcome outcome = recorder.onCohort(caller.workspaceId(), app, null,
                        (cohort, now) -> transitions.requestRevalidation(cohort, caller.userId(), now))
                .orElseThrow(ApiException::cohortNotFound);
        return Responses.json(202, HubJson.cohort(outcome.saved().cohort()));
    }

    /** Managers see the hub but may not act on it; others may not even see it. */
    private static void requireOwner(Hub hub, Identity caller) {
        if (!hub.isVisibleTo(caller.userId())) {
            throw ApiException.hubNotFound();
        }
        if (!hub.isOwner(caller.userId())) {
            throw ApiException.forbidden("only an owner of the hub may do this");
        }
    }
}
