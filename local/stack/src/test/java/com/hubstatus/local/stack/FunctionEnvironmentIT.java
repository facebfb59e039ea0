package com.hubstatus.local.stack;

import com.hubstatus.runtime.FunctionEnvironment;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack gives each function its credentials in the FunctionEnvironment's variables, not
 * in the process's environment; the clients must sign with those.
 */
class FunctionEnvironmentIT {

    @Test
    void aFunctionsClientsSignWithTheCredentialsInItsEnvironmentNotTheProcesss() throws Exception {
        // given an endpoint that records how it was signed, and refuses
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"refused\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
        try {
            FunctionEnvironment env = new FunctionEnvironment(Map.of(
                    FunctionEnvironment.TABLE_NAME, "hubs",
                    FunctionEnvironment.AWS_REGION, "us-east-1",
                    FunctionEnvironment.DYNAMODB_ENDPOINT, "http://127.0.0.1:" + endpoint.getAddress().getPort(),
                    "AWS_ACCESS_KEY_ID", "key-of-this-function",
                    "AWS_SECRET_ACCESS_KEY", "secret-of-this-function"), Clock.systemUTC());

            // when
            assertThrows(RuntimeException.class, () -> env.store().findHub("ws-1", "hub_1"));

            // then
            assertEquals(1, authorizations.size(), "the request was sent, so credentials were found");
            assertTrue(authorizations.getFirst().contains("Credential=key-of-this-function/"), authorizations.getFirst());
        } finally {
            endpoint.stop(0);
        }
    }
}
