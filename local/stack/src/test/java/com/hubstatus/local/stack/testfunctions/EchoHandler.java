package com.hubstatus.local.stack.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.json.Json;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An HTTP API function that answers with the event it was given, so a test sees exactly what
 * API Gateway (here, the local stack) hands a function. {@code ?respond=binary} answers a
 * base64 body with several headers and cookies; {@code ?respond=throw} fails.
 */
public final class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Clock clock;

    public EchoHandler(FunctionEnvironment env) {
        this.clock = env.clock();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        switch (query.getOrDefault("respond", "echo")) {
            case "throw" -> throw new IllegalStateException("the echo was asked to fail");
            case "binary" -> {
                return APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(207)
                        .withHeaders(Map.of("content-type", "application/octet-stream"))
                        .withMultiValueHeaders(Map.of("x-multi", List.of("a", "b")))
                        .withCookies(List.of("first=1; Path=/", "second=2"))
                        .withBody(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}))
                        .withIsBase64Encoded(true)
                        .build();
            }
            default -> {
                ObjectNode body = Json.mapper().createObjectNode();
                body.set("event", Json.mapper().valueToTree(event));
                body.put("functionName", context.getFunctionName());
                body.put("remainingMillis", context.getRemainingTimeInMillis());
                body.put("memoryLimitInMB", context.getMemoryLimitInMB());
                body.put("clock", clock.instant().toString());
                return APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(200)
                        .withHeaders(Map.of("content-type", "application/json"))
                        .withBody(body.toString())
                        .build();
            }
        }
    }
}
