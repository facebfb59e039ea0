package com.hubstatus.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API's payload format 2.0 as JSON: the event a function receives and the response it
 * returns, read and written as Lambda's runtime would with its own serializer, but with
 * {@link Json}'s streaming reader and writer. Under the runtime interface client that serializer
 * (a second, shaded Jackson with a mix-in per event class) loads some 700 classes on a cold start
 * before the handler runs; this reads the same fields in a few.
 */
final class HttpApiPayload {

    private HttpApiPayload() {
    }

    static APIGatewayV2HTTPEvent readEvent(InputStream input) throws IOException {
        JsonNode root = Json.parse(input);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion(text(root, "version"));
        event.setRouteKey(text(root, "routeKey"));
        event.setRawPath(text(root, "rawPath"));
        event.setRawQueryString(text(root, "rawQueryString"));
        event.setCookies(strings(root.get("cookies")));
        event.setHeaders(map(root.get("headers")));
        event.setQueryStringParameters(map(root.get("queryStringParameters")));
        event.setPathParameters(map(root.get("pathParameters")));
        event.setStageVariables(map(root.get("stageVariables")));
        event.setBody(text(root, "body"));
        event.setIsBase64Encoded(root.path("isBase64Encoded").asBoolean(false));
        JsonNode context = root.get("requestContext");
        if (context != null && context.isObject()) {
            event.setRequestContext(requestContext(context));
        }
        return event;
    }

    private static APIGatewayV2HTTPEvent.RequestContext requestContext(JsonNode node) {
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRouteKey(text(node, "routeKey"));
        context.setAccountId(text(node, "accountId"));
        context.setStage(text(node, "stage"));
        context.setApiId(text(node, "apiId"));
        context.setDomainName(text(node, "domainName"));
        context.setDomainPrefix(text(node, "domainPrefix"));
        context.setTime(text(node, "time"));
        context.setTimeEpoch(node.path("timeEpoch").asLong());
        context.setRequestId(text(node, "requestId"));
        JsonNode http = node.get("http");
        if (http != null && http.isObject()) {
            APIGatewayV2HTTPEvent.RequestContext.Http described = new APIGatewayV2HTTPEvent.RequestContext.Http();
            described.setMethod(text(http, "method"));
            described.setPath(text(http, "path"));
            described.setProtocol(text(http, "protocol"));
            described.setSourceIp(text(http, "sourceIp"));
            described.setUserAgent(text(http, "userAgent"));
            context.setHttp(described);
        }
        JsonNode jwt = node.path("authorizer").get("jwt");
        if (jwt != null && jwt.isObject()) {
            APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT token = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
            token.setClaims(map(jwt.get("claims")));
            token.setScopes(strings(jwt.get("scopes")));
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            authorizer.setJwt(token);
            context.setAuthorizer(authorizer);
        }
        return context;
    }

    static void writeResponse(APIGatewayV2HTTPResponse response, OutputStream output) throws IOException {
        ObjectNode json = Json.object();
        json.put("statusCode", response.getStatusCode());
        if (response.getHeaders() != null) {
            ObjectNode headers = json.putObject("headers");
            response.getHeaders().forEach(headers::put);
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(json.putArray("cookies")::add);
        }
        if (response.getBody() != null) {
            json.put("body", response.getBody());
        }
        json.put("isBase64Encoded", response.getIsBase64Encoded());
        Json.write(json, output);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : Json.write(value);
    }

    /** An object of strings, as the runtime's serializer reads a {@code Map<String, String>}; null when absent. */
    private static Map<String, String> map(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(field -> map.put(field.getKey(), text(node, field.getKey())));
        return map;
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        node.forEach(element -> strings.add(element.isNull() ? null : element.asText()));
        return strings;
    }
}
