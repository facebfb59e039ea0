package com.hubstatus.sync;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.app.FunctionEnvironment;
import com.hubstatus.app.StatusRecorder;
import com.hubstatus.http.ApiException;
import com.hubstatus.http.ApiHandler;
import com.hubstatus.http.HubJson;
import com.hubstatus.http.Identity;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.http.Responses;
import com.hubstatus.json.Json;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.SyncTrigger;
import com.hubstatus.status.ValidationCohort;

import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /hubs/{hubId}/sync}: an owner asks for a sync. The answer is {@code 202} with the
 * sync run, which {@link RunSyncHandler} then runs; {@code 409} while another sync of the hub is
 * asked for or running, so two owners pressing "sync" at once start one sync.
 */
public final class StartSyncHandler extends ApiHandler {

    private final StatusRecorder recorder;
    private final HubTransitions transitions;

    /** The Lambda runtime's constructor: clients built once per container from the environment. */
    public StartSyncHandler() {
        this(FunctionEnvironment.current());
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public StartSyncHandler(FunctionEnvironment env) {
        this(env.recorder(), env.transitions(), env.identities());
    }

    public StartSyncHandler(StatusRecorder recorder, HubTransitions transitions, IdentityReader identities) {
        super(identities);
        this.recorder = recorder;
        this.transitions = transitions;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event, Identity caller) {
        if (!"POST /hubs/{hubId}/sync".equals(routeKey)) {
            return notFoundRoute();
        }
        String hubId = hubIdParameter(event);
        AtomicReference<ValidationCohort> cohort = new AtomicReference<>();
        StatusRecorder.Outcome outcome = recorder.onHub(caller.workspaceId(), hubId, null, (current, now) -> {
            Hub hub = current.hub();
            if (!hub.isVisibleTo(caller.userId())) {
                throw ApiException.hubNotFound();
            }
            if (!hub.isOwner(caller.userId())) {
                throw ApiException.forbidden("only an owner of the hub may run a sync");
            }
            cohort.set(current.cohort());
            return transitions.requestSync(hub, current.cohort(), SyncTrigger.MANUAL, caller.userId(), now);
        }).orElseThrow(ApiException::hubNotFound);
        Hub hub = outcome.saved().hub();
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("syncRun", HubJson.syncRun(hub.syncRun()));
        body.set("hub", HubJson.hub(transitions.evaluator().evaluate(hub, cohort.get(), recorder.now()), caller.userId()));
        return Responses.json(202, body);
    }
}
