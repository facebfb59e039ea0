package com.hubstatus.sync;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.http.ApiHandler;
import com.hubstatus.http.HubJson;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.http.Responses;
import com.hubstatus.json.Json;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.status.StatusView;
import com.hubstatus.usecase.AnswerOnce;
import com.hubstatus.usecase.Caller;
import com.hubstatus.usecase.StartSync;

/**
 * {@code POST /hubs/{hubId}/sync}: an owner asks for a sync. The answer is {@code 202} with the
 * sync run, which {@link RunSyncHandler} then runs; {@code 409} while another sync of the hub is
 * asked for or running. Sent again with the same {@code Idempotency-Key}, the request gets its
 * first answer instead of that 409.
 */
public final class StartSyncHandler extends ApiHandler {

    private final StartSync startSync;
    private final AnswerOnce answerOnce;

    /**
     * The Lambda runtime's constructor: clients and use cases built at init, once per container,
     * from the environment; SnapStart primes the request path before its checkpoint.
     */
    public StartSyncHandler() {
        this(FunctionEnvironment.current());
        FunctionEnvironment.current().primeOnCheckpoint(this::prime);
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public StartSyncHandler(FunctionEnvironment env) {
        this(env.startSync(), env.answerOnce(), env.identities());
    }

    public StartSyncHandler(StartSync startSync, AnswerOnce answerOnce, IdentityReader identities) {
        super(identities);
        this.startSync = startSync;
        this.answerOnce = answerOnce;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event, Caller caller) {
        if (!"POST /hubs/{hubId}/sync".equals(routeKey)) {
            return notFoundRoute();
        }
        String hubId = hubIdParameter(event);
        return idempotently(answerOnce, event, caller, hubId, () -> start(hubId, caller));
    }

    private APIGatewayV2HTTPResponse start(String hubId, Caller caller) {
        StatusView hub = startSync.start(caller, hubId);
        ObjectNode body = Json.object();
        body.set("syncRun", HubJson.syncRun(hub.hub().syncRun()));
        body.set("hub", HubJson.hub(hub, caller.userId()));
        return Responses.hub(202, body, hub.hub().version());
    }
}
