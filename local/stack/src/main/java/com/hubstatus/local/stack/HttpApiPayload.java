package com.hubstatus.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway's HTTP API payload format 2.0, both ways: a request as the event a function gets,
 * and the function's response as the HTTP answer.
 *
 * <p>As API Gateway builds it: header names lower-cased and repeated headers joined with commas;
 * cookies moved out of the headers into {@code cookies}; query parameters decoded, repeated ones
 * joined with commas; absent parts left null rather than empty; the JWT claims as strings; a body
 * whose content type is not text or JSON base64-encoded, with {@code isBase64Encoded} set.
 */
final class HttpApiPayload {

    static final String API_ID = "local";
    static final String STAGE = "$default";

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private HttpApiPayload() {
    }

    /**
     * The event for a request that reached {@code match}.
     *
     * @param claims the claims the authorizer verified, or null for a route without one
     * @param now    when API Gateway took the request (its own, wall-clock time)
     */
    static APIGatewayV2HTTPEvent event(HttpApiRequest request, RouteTable.Match match, ObjectNode claims,
                                       String requestId, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String cookie : header.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.strip());
                    }
                }
            } else {
                headers.merge(lower, header.getValue(), (first, more) -> first + "," + more);
            }
        }
        String sourceIp = request.sourceIp();
        headers.merge("x-forwarded-for", sourceIp, (first, more) -> first + ", " + more);
        headers.putIfAbsent("x-forwarded-port", Integer.toString(request.localPort()));
        headers.putIfAbsent("x-forwarded-proto", "http");

        String rawPath = request.rawPath();
        String rawQuery = request.rawQuery();
        byte[] body = request.body();
        String domain = domainName(headers.get("host"));
        String routeKey = match.route().routeKey();

        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = null;
        if (claims != null) {
            authorizer = APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(LocalJwtAuthorizer.asApiGatewayClaims(claims))
                            .withScopes(LocalJwtAuthorizer.scopes(claims))
                            .build())
                    .build();
        }
        boolean text = isText(headers.get("content-type"));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(rawQuery))
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withBody(body.length == 0 ? null
                        : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(LocalEventBridge.ACCOUNT)
                        .withApiId(API_ID)
                        .withAuthorizer(authorizer)
                        .withDomainName(domain)
                        .withDomainPrefix(domain.contains(".") ? domain.substring(0, domain.indexOf('.')) : domain)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method())
                                .withPath(rawPath)
                                .withProtocol(request.protocol())
                                .withSourceIp(sourceIp)
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .withRequestId(requestId)
                        .withRouteKey(routeKey)
                        .withStage(STAGE)
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .build())
                .build();
    }

    /** The function's response as API Gateway answers it. */
    static LocalHttpApi.Reply reply(APIGatewayV2HTTPResponse response, String requestId) {
        if (response == null || response.getStatusCode() < 100 || response.getStatusCode() > 599) {
            // API Gateway cannot map such a response and answers 500 itself.
            return LocalHttpApi.Reply.gateway(500, "Internal Server Error");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> headers.add(Map.entry(name, value)));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> headers.add(Map.entry("set-cookie", cookie)));
        }
        headers.add(Map.entry("apigw-requestid", requestId));
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        return new LocalHttpApi.Reply(response.getStatusCode(), headers, bytes);
    }

    /** Text and JSON bodies reach the function as they are; any other is base64-encoded. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, more) -> first + "," + more);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return part;
        }
    }

    private static String domainName(String host) {
        if (host == null || host.isBlank()) {
            return "127.0.0.1";
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
