package com.hubstatus.gateway;

import com.hubstatus.observability.JsonLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Finding;
import com.hubstatus.status.SyncResult;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks and syncs hubs through the vendor's automation service over HTTP, one base URL per
 * external app, every request signed with SigV4 ({@link RequestSigner}). The contract is in
 * {@code docs/automation-service.md}.
 *
 * <p>Every exchange is bounded: a connect timeout, a deadline per attempt that covers the whole
 * reply, a cap on the reply's size, and a few attempts with a short backoff for failures that may
 * pass (I/O errors, timeouts, 429, 5xx). Whatever stays inconclusive becomes a
 * {@link Cause#TRANSIENT} finding; nothing is thrown for the service's failures.
 */
public final class HttpAutomationGateway implements ExternalAppGateway {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    /** Replies are a few hundred bytes; anything far larger is not one. */
    static final int MAX_REPLY_BYTES = 64 * 1024;

    private static final System.Logger LOG = JsonLogger.of(HttpAutomationGateway.class);
    /**
     * Runs the exchanges, each on a thread of its own while it lasts. Threads are kept for a while
     * between attempts, so that an attempt seldom waits for one to start; a thread left in a read
     * by an attempt given up on is not handed another until the read ends.
     */
    private static final ExecutorService EXCHANGES = Executors.newCachedThreadPool(exchange -> {
        Thread thread = new Thread(exchange, "automation-call");
        thread.setDaemon(true);
        return thread;
    });
    private static final int MAX_ECHOED_VALUE_LENGTH = 40;
    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|\\[::1]");

    private final Map<ExternalApp, URI> endpoints;
    private final RequestSigner signer;
    private final SdkHttpClient client;
    private final Duration checkTimeout;
    private final Duration syncTimeout;
    private final int maxAttempts;
    private final Duration firstBackoff;

    /** A gateway with the default timeouts, attempts and backoff. */
    public HttpAutomationGateway(Map<ExternalApp, URI> endpoints, RequestSigner signer) {
        this(endpoints, signer, DEFAULT_CONNECT_TIMEOUT, DEFAULT_CHECK_TIMEOUT, DEFAULT_SYNC_TIMEOUT, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_FIRST_BACKOFF);
    }

    /**
     * @param endpoints      the automation service's base URL for each app; apps without one get transient findings
     * @param signer         signs every request
     * @param connectTimeout how long to wait for a connection
     * @param checkTimeout   how long one check attempt may take, reply included
     * @param syncTimeout    how long one sync attempt may take, reply included
     * @param maxAttempts    how many times to try an exchange that failed in a way that may pass (at least 1)
     * @param firstBackoff   the wait before the second attempt; it doubles per attempt, capped at 1 s
     */
    public HttpAutomationGateway(Map<ExternalApp, URI> endpoints, RequestSigner signer, Duration connectTimeout,
                                 Duration checkTimeout, Duration syncTimeout, int maxAttempts, Duration firstBackoff) {
        Objects.requireNonNull(endpoints, "endpoints");
        this.signer = Objects.requireNonNull(signer, "signer");
        requirePositive(connectTimeout, "connectTimeout");
        this.checkTimeout = requirePositive(checkTimeout, "checkTimeout");
        this.syncTimeout = requirePositive(syncTimeout, "syncTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
        if (firstBackoff.isNegative()) {
            throw new IllegalArgumentException("firstBackoff must not be negative");
        }
        Map<ExternalApp, URI> copy = new EnumMap<>(ExternalApp.class);
        endpoints.forEach((app, uri) -> copy.put(Objects.requireNonNull(app, "app"), requireBaseUrl(app, uri)));
        this.endpoints = Collections.unmodifiableMap(copy);
        // The AWS SDK's URL-connection client, which the functions load for DynamoDB anyway (the
        // JDK's java.net.http client would add its own classes and TLS set-up to a cold start). It
        // follows no redirects. Its socket timeout bounds each read; an attempt's deadline, which
        // covers the whole exchange, is enforced here (see attempt).
        this.client = UrlConnectionHttpClient.builder()
                .connectionTimeout(connectTimeout)
                .socketTimeout(checkTimeout.compareTo(syncTimeout) > 0 ? checkTimeout : syncTimeout)
                .build();
    }

    /**
     * A gateway with the default limits for endpoints written as
     * {@code meta-business-manager=https://a.example/v1,google-ads=https://b.example/v1}.
     *
     * @throws IllegalArgumentException naming the problem when the spec is not of that form
     */
    public static HttpAutomationGateway fromEndpoints(String spec, RequestSigner signer) {
        return new HttpAutomationGateway(parseEndpoints(spec), signer);
    }

    /**
     * Parses endpoints written as {@code app-id=url,app-id=url}; blank entries are skipped.
     *
     * @throws IllegalArgumentException for an empty spec, an entry without {@code =}, an unknown app
     *                                  id, an app given twice, or a URL that is not a plain http(s) base URL
     */
    public static Map<ExternalApp, URI> parseEndpoints(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no automation endpoints given; expected app-id=url,app-id=url");
        }
        Map<ExternalApp, URI> endpoints = new EnumMap<>(ExternalApp.class);
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(
                        "automation endpoint entry '" + entry.strip() + "' is not of the form app-id=url");
            }
            String appId = entry.substring(0, equals).strip();
            ExternalApp app = ExternalApp.byId(appId).orElseThrow(() -> new IllegalArgumentException(
                    "unknown app id '" + appId + "' in automation endpoints; known ids: " + knownAppIds()));
            if (endpoints.containsKey(app)) {
                throw new IllegalArgumentException("app id '" + appId + "' is given twice in automation endpoints");
            }
            String url = entry.substring(equals + 1).strip();
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                // Neither the URL nor the parser's message (which repeats it) is shown: it may hold a password.
                throw new IllegalArgumentException("automation endpoint for " + appId + " is not a valid URL ("
                        + e.getReason() + " at index " + e.getIndex() + ")");
            }
            endpoints.put(app, requireBaseUrl(app, uri));
        }
        return endpoints;
    }

    /** The base URL for each app this gateway can reach. */
    public Map<ExternalApp, URI> endpoints() {
        return endpoints;
    }

    @Override
    public CheckResult check(HubRef hub) {
        Objects.requireNonNull(hub, "hub");
        // A check changes nothing, so each call is a new check (one made after the owner fixed
        // the hub must not get the old answer); the key only ties the retries of one call together.
        String key = "check-" + hub.hubId() + "-" + UUID.randomUUID();
        return call(hub, "check", key, requestBody(hub, null), checkTimeout,
                HttpAutomationGateway::parseCheck, CheckResult::failed);
    }

    @Override
    public SyncResult sync(HubRef hub, String runId) {
        Objects.requireNonNull(hub, "hub");
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("a sync needs a runId");
        }
        return call(hub, "sync", runId, requestBody(hub, runId), syncTimeout,
                HttpAutomationGateway::parseSync, SyncResult::failed);
    }

    /** How a reply's body becomes a result. */
    @FunctionalInterface
    private interface ReplyParser<R> {
        R parse(byte[] body) throws MalformedReply;
    }

    /**
     * One check or sync ({@code kind}) at the app's {@code <kind>s} resource: the parsed reply, or
     * the result of one finding when there is no endpoint, no conclusive reply or a malformed one.
     */
    private <R> R call(HubRef hub, String kind, String idempotencyKey, byte[] body, Duration timeout,
                       ReplyParser<R> parser, Function<Finding, R> failed) {
        URI base = endpoints.get(hub.app());
        if (base == null) {
            return failed.apply(noEndpoint(hub.app()));
        }
        Exchange exchange = exchange(hub, kind, resolve(base, kind + "s"), idempotencyKey, body, timeout);
        return switch (exchange) {
            case Exchange.Inconclusive inconclusive -> failed.apply(transientFinding(inconclusive.detail()));
            case Exchange.Reply reply -> {
                try {
                    yield parser.parse(reply.body());
                } catch (MalformedReply e) {
                    yield failed.apply(rejectedReply(hub, kind, e));
                }
            }
        };
    }

    /** The wait before attempt {@code attempt + 1}: doubling from the first backoff, capped at 1 s. */
    static Duration backoffAfter(int attempt, Duration firstBackoff) {
        Duration wait = firstBackoff;
        for (int i = 1; i < attempt && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private Exchange exchange(HubRef hub, String kind, URI uri, String idempotencyKey, byte[] body, Duration timeout) {
        Map<String, String> headers = Map.of(
                "Content-Type", "application/json",
                "Accept", "application/json",
                "Idempotency-Key", idempotencyKey);
        String service = hub.app().label() + "'s automation service";
        for (int attempt = 1; ; attempt++) {
            Attempt outcome = signAndSend(uri, headers, body, timeout, service);
            switch (outcome) {
                case Attempt.Answered answered -> {
                    return new Exchange.Reply(answered.body());
                }
                case Attempt.Final failed -> {
                    log(hub, kind, "attempt " + attempt + ": " + failed.detail());
                    return new Exchange.Inconclusive(failed.detail());
                }
                case Attempt.Retryable failed -> {
                    if (attempt >= maxAttempts) {
                        String detail = failed.detail() + (maxAttempts > 1 ? " (" + maxAttempts + " attempts)" : "");
                        log(hub, kind, "attempt " + attempt + ": " + detail);
                        return new Exchange.Inconclusive(detail);
                    }
                    Duration wait = backoffAfter(attempt, firstBackoff);
                    log(hub, kind, "attempt " + attempt + ": " + failed.detail() + "; retrying in "
                            + wait.toMillis() + " ms");
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Exchange.Inconclusive("the " + kind + " was interrupted before " + service
                                + " answered");
                    }
                }
            }
        }
    }

    private Attempt signAndSend(URI uri, Map<String, String> headers, byte[] body, Duration timeout, String service) {
        HttpExecuteRequest request;
        try {
            request = signedRequest(uri, headers, body);
        } catch (RuntimeException e) {
            // No credentials to sign with (the provider chain may recover): nothing is sent. Only
            // the exception's type is named, as its message may say where keys were looked for.
            return new Attempt.Retryable("the request to " + service + " could not be signed: "
                    + e.getClass().getSimpleName());
        }
        return attempt(request, timeout, service);
    }

    /**
     * The request of one attempt, signed at the time it is sent. It carries no Content-Length: the
     * URL connection then sends the head and the body in one write, and adds the length itself.
     */
    private HttpExecuteRequest signedRequest(URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        signer.sign(uri, headers, body).forEach(request::putHeader);
        return HttpExecuteRequest.builder()
                .request(request.build())
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body))
                .build();
    }

    /**
     * Sends one attempt and waits for its reply until its deadline. The exchange runs on a thread of
     * {@link #EXCHANGES}, so that the wait ends at the deadline whatever the connection does (a
     * reply whose body stalls or trickles in would otherwise hold a read past it); an exchange
     * given up on is aborted and its thread freed.
     */
    private Attempt attempt(HttpExecuteRequest request, Duration timeout, String service) {
        Exchanging exchanging = new Exchanging(client.prepareRequest(request));
        Future<Answer> pending = EXCHANGES.submit(exchanging);
        Answer answer;
        try {
            answer = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchanging.giveUp();
            return new Attempt.Retryable(service + " did not answer within " + describe(timeout));
        } catch (InterruptedException e) {
            exchanging.giveUp();
            Thread.currentThread().interrupt();
            return new Attempt.Final("interrupted while waiting for " + service);
        } catch (ExecutionException e) {
            return failedAttempt(e.getCause(), timeout, service);
        }
        int status = answer.status();
        if (isSuccess(status)) {
            return new Attempt.Answered(answer.body());
        }
        if (status == 429 || status >= 500) {
            return new Attempt.Retryable(service + " answered HTTP " + status);
        }
        return new Attempt.Final(service + " rejected the request with HTTP " + status);
    }

    private static Attempt failedAttempt(Throwable cause, Duration timeout, String service) {
        if (cause instanceof UncheckedIOException unchecked) {
            cause = unchecked.getCause();
        }
        if (cause instanceof ReplyTooLarge) {
            return new Attempt.Final(service + " sent a reply larger than " + MAX_REPLY_BYTES / 1024 + " KiB");
        }
        if (cause instanceof InterruptedIOException) {
            // A connect or read timeout (SocketTimeoutException is one).
            return new Attempt.Retryable(service + " did not answer within " + describe(timeout));
        }
        if (cause instanceof ConnectException) {
            return new Attempt.Retryable(service + " could not be reached");
        }
        if (cause instanceof IOException) {
            return new Attempt.Retryable("the connection to " + service + " failed");
        }
        return new Attempt.Final("the request to " + service + " failed: " + cause.getClass().getSimpleName());
    }

    private static CheckResult parseCheck(byte[] body) throws MalformedReply {
        JsonNode root = parseObject(body);
        String outcome = requiredText(root, "outcome");
        return switch (outcome) {
            case "PASSED" -> CheckResult.passed();
            case "FAILED" -> {
                JsonNode findings = root.get("findings");
                if (findings == null || !findings.isArray() || findings.isEmpty()) {
                    throw new MalformedReply("a FAILED check without findings");
                }
                List<Finding> parsed = new ArrayList<>();
                for (JsonNode finding : findings) {
                    parsed.add(parseFinding(finding));
                }
                yield new CheckResult(parsed);
            }
            default -> throw new MalformedReply("the unknown check outcome '" + echo(outcome) + "'");
        };
    }

    private static SyncResult parseSync(byte[] body) throws MalformedReply {
        JsonNode root = parseObject(body);
        String outcome = requiredText(root, "outcome");
        return switch (outcome) {
            case "SUCCEEDED" -> SyncResult.succeeded();
            case "FAILED" -> {
                JsonNode failure = root.get("failure");
                if (failure == null || failure.isNull()) {
                    throw new MalformedReply("a FAILED sync without a failure");
                }
                yield SyncResult.failed(parseFinding(failure));
            }
            default -> throw new MalformedReply("the unknown sync outcome '" + echo(outcome) + "'");
        };
    }

    private static Finding parseFinding(JsonNode node) throws MalformedReply {
        if (!node.isObject()) {
            throw new MalformedReply("a finding that is not a JSON object");
        }
        String causeName = requiredText(node, "cause");
        Cause cause;
        try {
            cause = Cause.valueOf(causeName);
        } catch (IllegalArgumentException e) {
            throw new MalformedReply("the unknown cause '" + echo(causeName) + "'");
        }
        JsonNode detail = node.get("detail");
        if (detail != null && !detail.isNull() && !detail.isTextual()) {
            throw new MalformedReply("a detail that is not a string");
        }
        return Finding.of(cause, detail == null || detail.isNull() ? "" : detail.textValue());
    }

    private static JsonNode parseObject(byte[] body) throws MalformedReply {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (IOException e) {
            throw new MalformedReply("a reply that is not JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedReply("an empty reply");
        }
        if (!root.isObject()) {
            throw new MalformedReply("a reply that is not a JSON object");
        }
        return root;
    }

    private static String requiredText(JsonNode node, String field) throws MalformedReply {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedReply("a reply without a \"" + field + "\" string");
        }
        return value.textValue();
    }

    private static byte[] requestBody(HubRef hub, String runId) {
        ObjectNode body = Json.object()
                .put("workspaceId", hub.workspaceId())
                .put("hubId", hub.hubId())
                .put("app", hub.app().id())
                .put("businessId", hub.businessId())
                .put("serviceAccountRef", hub.serviceAccountRef());
        if (runId != null) {
            body.put("runId", runId);
        }
        return Json.writeBytes(body);
    }

    private static Finding rejectedReply(HubRef hub, String kind, MalformedReply e) {
        String detail = hub.app().label() + "'s automation service answered the " + kind + " with " + e.getMessage();
        log(hub, kind, detail);
        return transientFinding(detail);
    }

    private static Finding noEndpoint(ExternalApp app) {
        return transientFinding("no automation endpoint configured for " + app.label());
    }

    private static Finding transientFinding(String detail) {
        return Finding.of(Cause.TRANSIENT, detail);
    }

    private static void log(HubRef hub, String kind, String detail) {
        // Ids and our own wording only: never the service account reference or a reply body.
        LOG.log(Level.WARNING, "automation {0} of hub {1} in workspace {2}: {3}",
                kind, hub.hubId(), hub.workspaceId(), detail);
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private static URI resolve(URI base, String path) {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text : text + "/") + path);
    }

    private static URI requireBaseUrl(ExternalApp app, URI uri) {
        Objects.requireNonNull(uri, () -> "automation endpoint for " + app.id());
        // Checked first, so that no message below repeats a password written into the URL.
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw new IllegalArgumentException("automation endpoint for " + app.id() + " must not carry user info");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "automation endpoint for " + app.id() + " must be an http or https URL: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("automation endpoint for " + app.id() + " has no host: " + uri);
        }
        if (scheme.equals("http") && !LOOPBACK.matcher(uri.getHost().toLowerCase(Locale.ROOT)).matches()) {
            // Signed requests carry the function's session token: in the clear only on this machine.
            throw new IllegalArgumentException("automation endpoint for " + app.id()
                    + " must be an https URL (http only for a loopback host): " + uri);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "automation endpoint for " + app.id() + " must be a base URL without query or fragment: " + uri);
        }
        return uri;
    }

    private static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static String echo(String value) {
        return value.length() > MAX_ECHOED_VALUE_LENGTH ? value.substring(0, MAX_ECHOED_VALUE_LENGTH) + "..." : value;
    }

    private static String knownAppIds() {
        return Arrays.stream(ExternalApp.values()).map(ExternalApp::id).collect(Collectors.joining(", "));
    }

    /** How all attempts of one exchange ended. */
    private sealed interface Exchange {
        record Reply(byte[] body) implements Exchange {
        }

        record Inconclusive(String detail) implements Exchange {
        }
    }

    /** How one attempt ended. */
    private sealed interface Attempt {
        record Answered(byte[] body) implements Attempt {
        }

        /** A failure that may pass: try again if attempts are left. */
        record Retryable(String detail) implements Attempt {
        }

        /** A failure that would fail again the same way. */
        record Final(String detail) implements Attempt {
        }
    }

    /** A 2xx reply that does not follow the contract; its message completes "answered ... with". */
    private static final class MalformedReply extends Exception {
        MalformedReply(String message) {
            super(message, null, false, false);
        }
    }

    private static final class ReplyTooLarge extends IOException {
        ReplyTooLarge() {
            super("reply larger than " + MAX_REPLY_BYTES + " bytes");
        }
    }

    /** A reply's status and, for a 2xx, its body. */
    private record Answer(int status, byte[] body) {
    }

    /**
     * One attempt's exchange, on the thread that runs it, until it gives its answer or the waiting
     * attempt {@linkplain #giveUp() gives up} on it.
     */
    private static final class Exchanging implements Callable<Answer> {

        private enum Stage { AWAITING_HEAD, READING_BODY, GIVEN_UP }

        private final ExecutableHttpRequest call;
        private final AtomicReference<Stage> stage = new AtomicReference<>(Stage.AWAITING_HEAD);

        Exchanging(ExecutableHttpRequest call) {
            this.call = call;
        }

        @Override
        public Answer call() throws IOException {
            HttpExecuteResponse response = call.call();
            InputStream in = response.responseBody().<InputStream>map(body -> body).orElseGet(InputStream::nullInputStream);
            try {
                if (!stage.compareAndSet(Stage.AWAITING_HEAD, Stage.READING_BODY)) {
                    throw new IOException("given up on");
                }
                int status = response.httpResponse().statusCode();
                // Other replies than a 2xx are judged by their status alone; their body is not read.
                byte[] body = isSuccess(status) ? readBounded(in) : new byte[0];
                in.close();
                return new Answer(status, body);
            } catch (IOException | RuntimeException e) {
                // Closed, not drained: what is left of the reply is not read.
                call.abort();
                throw e;
            }
        }

        /** The body, read until it ends, the reply grows past {@link #MAX_REPLY_BYTES}, or the attempt gives up. */
        private byte[] readBounded(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (stage.get() == Stage.GIVEN_UP) {
                    throw new IOException("given up on");
                }
                if (bytes.size() + read > MAX_REPLY_BYTES) {
                    throw new ReplyTooLarge();
                }
                bytes.write(buffer, 0, read);
            }
            return bytes.toByteArray();
        }

        /**
         * Gives up on the exchange. Before the reply's head has come, the connection is closed at
         * once, which ends the thread's wait. A body is never closed from here (the URL connection
         * would wait for the thread's read to return): the thread stops at its next read, or at
         * the socket timeout if nothing more comes.
         */
        void giveUp() {
            if (stage.getAndSet(Stage.GIVEN_UP) == Stage.AWAITING_HEAD) {
                call.abort();
            }
        }
    }
}
