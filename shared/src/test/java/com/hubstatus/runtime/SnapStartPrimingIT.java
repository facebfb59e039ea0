package com.hubstatus.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.hubstatus.http.ApiHandler;
import com.hubstatus.local.emulators.HubTableProvisioner;
import com.hubstatus.local.emulators.LocalAwsClients;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;
import com.hubstatus.testing.DynamoDbBackend;
import com.hubstatus.usecase.Caller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SnapStart's priming hook, invoked as the checkpoint would, against the local DynamoDB and the
 * loopback event bus: it runs the request path (the store's read, a status evaluated and written
 * as JSON, a PutEvents marshalled and signed, the handler's own part) and leaves no trace: the
 * table is as it was and nothing reached the bus.
 */
@ExtendWith(DynamoDbBackend.class)
class SnapStartPrimingIT {

    private static DynamoDbClient dynamo;
    private static LocalEventBridge bus;
    private static String table;

    @BeforeAll
    static void start() {
        dynamo = LocalAwsClients.to(DynamoDbBackend.endpoint(), DynamoDbClient.builder());
        bus = new LocalEventBridge(Clock.systemUTC()).start();
        table = HubTableProvisioner.createFresh(dynamo);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS("WS#someone"));
        item.put("SK", AttributeValue.fromS("HUB#hub_1"));
        item.put("note", AttributeValue.fromS("what the table held before priming"));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @AfterAll
    static void stop() {
        bus.close();
        dynamo.close();
    }

    private static FunctionEnvironment environment(String tableName) {
        Map<String, String> env = new HashMap<>();
        env.put(FunctionEnvironment.TABLE_NAME, tableName);
        env.put(FunctionEnvironment.EVENT_BUS_NAME, "hubstatus-test-bus");
        env.put(FunctionEnvironment.DYNAMODB_ENDPOINT, DynamoDbBackend.endpoint().toString());
        env.put(FunctionEnvironment.EVENTBRIDGE_ENDPOINT, bus.endpoint().toString());
        env.put(FunctionEnvironment.AWS_REGION, "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        return new FunctionEnvironment(env);
    }

    /** An HTTP function built on the environment as a handler's no-argument constructor builds it. */
    private static final class RecordingApiHandler extends ApiHandler {
        final List<String> routes = new ArrayList<>();

        RecordingApiHandler(FunctionEnvironment env) {
            super(env.identities());
            env.connectHub();
        }

        @Override
        protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event, Caller identity) {
            routes.add(routeKey);
            return notFoundRoute();
        }
    }

    @Test
    void primingRunsTheRequestPathAndLeavesTheTableAndTheBusAsTheyWere() {
        // given a function that reads and publishes, with its hook registered as its runtime constructor does
        FunctionEnvironment env = environment(table);
        RecordingApiHandler handler = new RecordingApiHandler(env);
        SnapStartPriming hook = env.primeOnCheckpoint(handler::prime);
        List<Map<String, AttributeValue>> before = dynamo.scan(b -> b.tableName(table).consistentRead(true)).items();
        long putEventsBefore = bus.putEventsCalls();

        // when the checkpoint comes
        hook.beforeCheckpoint(null);
        FunctionEnvironment.Primed primed = hook.prime();

        // then the store's read ran (and found no such hub), a made-up hub's status was written as JSON,
        // a PutEvents went through the client up to sending, and the handler answered its own request
        assertFalse(primed.hubFound());
        assertTrue(primed.hubJson().contains("\"hubId\":\"hub_PRIMING\""), primed.hubJson());
        assertTrue(primed.hubJson().contains("\"status\":{\"code\":"), primed.hubJson());
        assertTrue(primed.publishPrimed());
        assertEquals(List.of("GET /priming", "GET /priming"), handler.routes);

        // and nothing was written or published
        assertEquals(before, dynamo.scan(b -> b.tableName(table).consistentRead(true)).items());
        assertEquals(putEventsBefore, bus.putEventsCalls());
        assertTrue(bus.events().isEmpty());
    }

    @Test
    void primingReallyReadsDynamoDb() {
        // given an environment whose table does not exist
        FunctionEnvironment env = environment("no-such-table");
        env.readHub();
        SnapStartPriming hook = env.primeOnCheckpoint(() -> { });

        // when it primes, then DynamoDB's answer reaches it
        assertThrows(ResourceNotFoundException.class, hook::prime);
    }

    @Test
    void afterRestoreTheFunctionStillReadsAndPublishesWithRenewedIdsAndCredentials() {
        // given a primed function
        FunctionEnvironment env = environment(table);
        env.startSync();
        SnapStartPriming hook = env.primeOnCheckpoint(() -> { });
        hook.beforeCheckpoint(null);

        // when it is restored
        hook.afterRestore(null);

        // then it reads and publishes as before, on credentials and an id source made anew
        FunctionEnvironment.Primed again = hook.prime();
        assertFalse(again.hubFound());
        assertTrue(again.publishPrimed());
        assertEquals(0, bus.events().size());
    }
}
