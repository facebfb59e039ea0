package com.hubstatus.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.observability.JsonLogger;
import com.hubstatus.observability.LogContext;
import com.hubstatus.status.CheckAlreadyRunningException;
import com.hubstatus.status.MembershipLimitException;
import com.hubstatus.status.SyncAlreadyRunningException;
import com.hubstatus.status.ValidationAlreadyRunningException;
import com.hubstatus.usecase.AnswerOnce;
import com.hubstatus.usecase.Caller;
import com.hubstatus.usecase.IdempotencyKeyInUseException;
import com.hubstatus.usecase.IdempotencyKeyReusedException;
import com.hubstatus.usecase.port.IdempotencyRecords.StoredAnswer;
import com.hubstatus.usecase.ForbiddenException;
import com.hubstatus.usecase.StaleVersionException;
import com.hubstatus.usecase.HubNotFoundException;
import com.hubstatus.usecase.IntegrationNotFoundException;
import com.hubstatus.usecase.port.ConcurrentChangeException;
import com.hubstatus.usecase.port.InvalidCursorException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of a function: reads the caller's identity, hands the route to the function, and
 * turns refusals into 4xx answers. Anything unexpected is logged (never the request itself) and
 * answered with a plain 500.
 *
 * <p>Lambda's runtime calls the stream overload of {@code handleRequest} (it prefers it to the
 * event one when the template names the method): the event is read and the answer written by
 * {@link HttpApiPayload}, not by the runtime's own serializer, which would load a second Jackson
 * on every cold start. The local stack and the tests call the event overload.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        RequestStreamHandler {

    /** Looked up at the first log line: the logging system's set-up is start-up time a request without one never needs. */
    private static final class Log {
        static final System.Logger LOG = JsonLogger.of(ApiHandler.class);
    }
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LIMIT = Pattern.compile("[1-9][0-9]{0,3}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,100}");
    private static final Pattern ENTITY_TAG = Pattern.compile("\"([0-9]{1,18})\"");

    private final IdentityReader identities;

    protected ApiHandler(IdentityReader identities) {
        this.identities = Objects.requireNonNull(identities, "identities");
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.invocation(context);
             LogContext.Scope hub = LogContext.with(LogContext.HUB_ID, pathId(event, "hubId"))) {
            return answer(event);
        }
    }

    private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
        try {
            Caller identity = identities.read(event);
            try (LogContext.Scope workspace = LogContext.with(LogContext.WORKSPACE_ID, identity.workspaceId())) {
                return route(event.getRouteKey() == null ? "" : event.getRouteKey(), event, identity);
            }
        } catch (ApiException e) {
            return Responses.error(e);
        } catch (SyncAlreadyRunningException e) {
            return Responses.error(ApiException.conflict("SYNC_ALREADY_RUNNING", e.getMessage()));
        } catch (StaleVersionException e) {
            return Responses.error(new ApiException(412, "PRECONDITION_FAILED", e.getMessage()));
        } catch (IdempotencyKeyReusedException e) {
            return Responses.error(new ApiException(422, "IDEMPOTENCY_KEY_REUSED", e.getMessage()));
        } catch (IdempotencyKeyInUseException e) {
            return Responses.error(ApiException.conflict("IDEMPOTENCY_KEY_IN_USE", e.getMessage()));
        } catch (MembershipLimitException e) {
            return Responses.error(ApiException.badRequest("INVALID_FIELD", e.getMessage()));
        } catch (CheckAlreadyRunningException e) {
            return Responses.error(ApiException.conflict("CHECK_ALREADY_RUNNING", e.getMessage()));
        } catch (ValidationAlreadyRunningException e) {
            return Responses.error(ApiException.conflict("VALIDATION_ALREADY_RUNNING", e.getMessage()));
        } catch (HubNotFoundException e) {
            return Responses.error(ApiException.hubNotFound());
        } catch (IntegrationNotFoundException e) {
            return Responses.error(ApiException.cohortNotFound());
        } catch (ForbiddenException e) {
            return Responses.error(ApiException.forbidden(e.getMessage()));
        } catch (InvalidCursorException e) {
            return Responses.error(ApiException.badRequest("INVALID_CURSOR", e.getMessage()));
        } catch (ConcurrentChangeException e) {
            return Responses.error(ApiException.conflict("CONCURRENT_CHANGE",
                    "the hub changed while the request ran; try again"));
        } catch (RuntimeException e) {
            Log.LOG.log(Level.ERROR, event.getRouteKey() + " failed", e);
            return Responses.json(500, Responses.errorBody("INTERNAL", "internal error"));
        }
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpApiPayload.writeResponse(handleRequest(HttpApiPayload.readEvent(input), context), output);
    }

    /**
     * SnapStart's priming of this handler's part of the request path: a request for a route no
     * function serves, read, answered (404) and written as the runtime's entry does, with an
     * identity so it gets past the identity check; no use case runs.
     */
    public void prime() {
        ObjectNode claims = Json.object().put("sub", "priming").put(identities.workspaceClaim(), "priming")
                .put(identities.groupsClaim(), "[]");
        ObjectNode event = Json.object().put("version", "2.0").put("routeKey", "GET /priming").put("rawPath", "/priming");
        event.putObject("headers").put("content-type", "application/json");
        event.putObject("requestContext").put("routeKey", "GET /priming").putObject("authorizer").putObject("jwt")
                .set("claims", claims);
        try {
            handleRequest(new ByteArrayInputStream(Json.writeBytes(event)), new ByteArrayOutputStream(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("priming wrote to memory", e);
        }
    }

    /** Serves one route; a route this function does not serve answers API Gateway's 404. */
    protected abstract APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event, Caller identity);

    protected static APIGatewayV2HTTPResponse notFoundRoute() {
        return Responses.json(404, Responses.errorBody("ROUTE_NOT_FOUND", "Not Found"));
    }

    /** A hub id from the path; one that cannot exist is simply not found. */
    protected static String hubIdParameter(APIGatewayV2HTTPEvent event) {
        return idParameter(event, "hubId");
    }

    /** A path parameter that has the form of an id, or null: what a log line may name. */
    private static String pathId(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> params = event.getPathParameters();
        String value = params == null ? null : params.get(name);
        return value != null && ID.matcher(value).matches() ? value : null;
    }

    protected static String idParameter(APIGatewayV2HTTPEvent event, String name) {
        String value = pathId(event, name);
        if (value == null) {
            throw ApiException.hubNotFound();
        }
        return value;
    }

    protected static Optional<String> queryParameter(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? Optional.empty() : Optional.ofNullable(query.get(name));
    }

    /**
     * The hub versions an {@code If-Match} header accepts: empty when there is none, or when it is
     * {@code *} (any version of a hub that exists).
     */
    protected static Optional<Set<Long>> ifMatch(APIGatewayV2HTTPEvent event) {
        Optional<String> header = header(event, "if-match");
        if (header.isEmpty() || header.get().strip().equals("*")) {
            return Optional.empty();
        }
        Set<Long> versions = new HashSet<>();
        for (String tag : header.get().split(",")) {
            Matcher strong = ENTITY_TAG.matcher(tag.strip());
            if (!strong.matches()) {
                throw ApiException.badRequest("INVALID_PARAMETER", "header 'If-Match' takes the ETag of a hub, such as "
                        + Responses.entityTag(3));
            }
            versions.add(Long.parseLong(strong.group(1)));
        }
        return Optional.of(versions);
    }

    /**
     * Answers a request once per {@code Idempotency-Key}: without the header, {@code work} simply
     * runs; with it, a repeat of the same request gets the first successful answer again.
     *
     * @param request what the request asks beyond its route (path parameters, body), as text
     */
    protected static APIGatewayV2HTTPResponse idempotently(AnswerOnce answerOnce, APIGatewayV2HTTPEvent event,
                                                           Caller caller, String request,
                                                           Supplier<APIGatewayV2HTTPResponse> work) {
        Optional<String> key = header(event, "idempotency-key");
        if (key.isEmpty()) {
            return work.get();
        }
        if (!IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw ApiException.badRequest("INVALID_PARAMETER",
                    "header 'Idempotency-Key' takes 1 to 100 visible ASCII characters, such as a UUID");
        }
        StoredAnswer answer = answerOnce.answer(caller, event.getRouteKey(), key.get(), request, () -> {
            APIGatewayV2HTTPResponse response = work.get();
            return new StoredAnswer(response.getStatusCode(),
                    response.getHeaders() == null ? Map.of() : response.getHeaders(),
                    response.getBody() == null ? "" : response.getBody());
        });
        return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.status()).withHeaders(answer.headers())
                .withBody(answer.body()).build();
    }

    protected static Optional<String> header(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    /** Refuses a query parameter the route does not take, so a misspelt one is not silently ignored. */
    protected static void requireOnlyParameters(APIGatewayV2HTTPEvent event, Set<String> allowed) {
        Map<String, String> query = event.getQueryStringParameters();
        if (query == null) {
            return;
        }
        for (String name : query.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("INVALID_PARAMETER", "unknown parameter " + ApiException.quote(name)
                        + "; this route takes " + allowed.stream().sorted().toList());
            }
        }
    }

    /** A positive whole number no larger than {@code max}, in plain digits, or {@code fallback} when absent. */
    protected static int limitParameter(APIGatewayV2HTTPEvent event, int fallback, int max) {
        Optional<String> raw = queryParameter(event, "limit");
        if (raw.isEmpty()) {
            return fallback;
        }
        if (LIMIT.matcher(raw.get()).matches() && Integer.parseInt(raw.get()) <= max) {
            return Integer.parseInt(raw.get());
        }
        throw ApiException.badRequest("INVALID_PARAMETER", "limit must be a whole number from 1 to " + max);
    }
}
