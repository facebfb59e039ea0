package com.hubstatus.connect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.hubstatus.http.ApiException;
import com.hubstatus.http.ApiHandler;
import com.hubstatus.http.HubJson;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.http.RequestBody;
import com.hubstatus.http.Responses;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.StatusView;
import com.hubstatus.usecase.AnswerOnce;
import com.hubstatus.usecase.Caller;
import com.hubstatus.usecase.ChangeHub;
import com.hubstatus.usecase.ConnectHub;
import com.hubstatus.usecase.DisconnectHub;
import com.hubstatus.usecase.RecheckHub;
import com.hubstatus.usecase.RequestRevalidation;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Connects, changes and disconnects hubs, and takes an operator's request to validate an app's
 * integration again.
 *
 * <ul>
 *   <li>{@code POST /hubs}: connect; the caller becomes the owner</li>
 *   <li>{@code PATCH /hubs/{hubId}}: owners change name, business ID, service account, owners, managers</li>
 *   <li>{@code DELETE /hubs/{hubId}}: owners disconnect</li>
 *   <li>{@code POST /hubs/{hubId}/check}: owners ask for a re-check, having fixed a problem outside hubstatus</li>
 *   <li>{@code POST /apps/{app}/revalidation}: operators re-validate the workspace's integration of an app</li>
 * </ul>
 */
public final class ConnectHubHandler extends ApiHandler {

    static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]+");
    static final Pattern BUSINESS_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    static final Pattern SERVICE_ACCOUNT_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]*");
    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@|+-]*");

    private static final Set<String> CONNECT_FIELDS = Set.of("app", "name", "businessId", "serviceAccount", "managers");
    private static final Set<String> CHANGE_FIELDS = Set.of("name", "businessId", "serviceAccount", "owners", "managers");

    private final ConnectHub connectHub;
    private final ChangeHub changeHub;
    private final DisconnectHub disconnectHub;
    private final RecheckHub recheckHub;
    private final RequestRevalidation requestRevalidation;
    private final AnswerOnce answerOnce;

    /**
     * The Lambda runtime's constructor: clients and use cases built at init, once per container,
     * from the environment; SnapStart primes the request path before its checkpoint.
     */
    public ConnectHubHandler() {
        this(FunctionEnvironment.current());
        FunctionEnvironment.current().primeOnCheckpoint(this::prime);
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public ConnectHubHandler(FunctionEnvironment env) {
        this(env.connectHub(), env.changeHub(), env.disconnectHub(), env.recheckHub(), env.requestRevalidation(),
                env.answerOnce(), env.identities());
    }

    public ConnectHubHandler(ConnectHub connectHub, ChangeHub changeHub, DisconnectHub disconnectHub,
                             RecheckHub recheckHub, RequestRevalidation requestRevalidation, AnswerOnce answerOnce,
                             IdentityReader identities) {
        super(identities);
        this.connectHub = connectHub;
        this.changeHub = changeHub;
        this.disconnectHub = disconnectHub;
        this.recheckHub = recheckHub;
        this.requestRevalidation = requestRevalidation;
        this.answerOnce = answerOnce;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event, Caller caller) {
        return switch (routeKey) {
            case "POST /hubs" -> idempotently(answerOnce, event, caller, RequestBody.text(event), () -> connect(event, caller));
            case "PATCH /hubs/{hubId}" -> change(event, caller);
            case "DELETE /hubs/{hubId}" -> disconnect(event, caller);
            case "POST /hubs/{hubId}/check" -> hubAnswer(202, recheckHub.recheck(caller, hubIdParameter(event)), caller);
            case "POST /apps/{app}/revalidation" -> revalidate(event, caller);
            default -> notFoundRoute();
        };
    }

    private APIGatewayV2HTTPResponse connect(APIGatewayV2HTTPEvent event, Caller caller) {
        RequestBody body = RequestBody.parse(event, CONNECT_FIELDS);
        String appId = body.requiredString("app", 64, null, null);
        ExternalApp app = ExternalApp.byId(appId).orElseThrow(() ->
                ApiException.badRequest("UNKNOWN_APP", "unknown app " + ApiException.quote(appId)));
        Set<String> managers = body.optionalStringSet("managers", Hub.MAX_MANAGERS, 128, USER_ID, "user ids").orElse(Set.of());
        ConnectHub.Request request = new ConnectHub.Request(app,
                body.requiredString("name", 100, NAME, "printable text"),
                body.requiredString("businessId", 64, BUSINESS_ID, "letters, digits, '.', '_' or '-'"),
                body.requiredString("serviceAccount", 128, SERVICE_ACCOUNT_REF,
                        "a service account reference (letters, digits, '.', '_', ':', '/', '@' or '-')"),
                managers);
        StatusView connected = connectHub.connect(caller, request);
        return Responses.created(HubJson.hub(connected, caller.userId()), "/hubs/" + connected.hub().hubId(),
                connected.hub().version());
    }

    private APIGatewayV2HTTPResponse change(APIGatewayV2HTTPEvent event, Caller caller) {
        String hubId = hubIdParameter(event);
        RequestBody body = RequestBody.parse(event, CHANGE_FIELDS);
        if (body.isEmpty()) {
            throw ApiException.badRequest("EMPTY_CHANGE", "name at least one of " + CHANGE_FIELDS.stream().sorted().toList());
        }
        Optional<Set<String>> owners = body.optionalStringSet("owners", Hub.MAX_OWNERS, 128, USER_ID, "user ids");
        if (owners.filter(Set::isEmpty).isPresent()) {
            throw ApiException.badRequest("INVALID_FIELD", "field 'owners' must name at least one owner");
        }
        HubTransitions.HubChange change = new HubTransitions.HubChange(
                body.optionalString("name", 100, NAME, "printable text"),
                body.optionalString("businessId", 64, BUSINESS_ID, "letters, digits, '.', '_' or '-'"),
                body.optionalString("serviceAccount", 128, SERVICE_ACCOUNT_REF, "a service account reference"),
                owners,
                body.optionalStringSet("managers", Hub.MAX_MANAGERS, 128, USER_ID, "user ids"));
        return hubAnswer(200, changeHub.change(caller, hubId, change, ifMatch(event)), caller);
    }

    private APIGatewayV2HTTPResponse disconnect(APIGatewayV2HTTPEvent event, Caller caller) {
        disconnectHub.disconnect(caller, hubIdParameter(event), ifMatch(event));
        return Responses.noContent();
    }

    private APIGatewayV2HTTPResponse revalidate(APIGatewayV2HTTPEvent event, Caller caller) {
        String appId = event.getPathParameters() == null ? "" : event.getPathParameters().getOrDefault("app", "");
        return Responses.json(202, HubJson.cohort(requestRevalidation.request(caller, appId)));
    }

    private static APIGatewayV2HTTPResponse hubAnswer(int status, StatusView hub, Caller caller) {
        return Responses.hub(status, HubJson.hub(hub, caller.userId()), hub.hub().version());
    }
}
