package com.hubstatus.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.eventbridge.EventBridgeBus;
import com.hubstatus.events.EventCodec;
import com.hubstatus.gateway.HttpAutomationGateway;
import com.hubstatus.gateway.RequestSigner;
import com.hubstatus.http.HubJson;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.json.Json;
import com.hubstatus.outbox.OutboxRelay;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.IdSource;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.status.StatusView;
import com.hubstatus.store.HubStore;
import com.hubstatus.usecase.AnswerOnce;
import com.hubstatus.usecase.ChangeHub;
import com.hubstatus.usecase.CheckHub;
import com.hubstatus.usecase.ConnectHub;
import com.hubstatus.usecase.DisconnectHub;
import com.hubstatus.usecase.ListHubs;
import com.hubstatus.usecase.ListReviews;
import com.hubstatus.usecase.MeteredGateway;
import com.hubstatus.usecase.ReadHub;
import com.hubstatus.usecase.RecheckHub;
import com.hubstatus.usecase.RequestRevalidation;
import com.hubstatus.usecase.RetryDueWork;
import com.hubstatus.usecase.RunSync;
import com.hubstatus.usecase.StartSync;
import com.hubstatus.usecase.StatusRecorder;
import com.hubstatus.usecase.SweepStaleness;
import com.hubstatus.usecase.ValidateCohort;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.Metrics;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

import java.net.URI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a function reads from its environment (template.yaml sets every variable) and the clients
 * it builds from it. Built once per container; a handler's no-argument constructor builds its use
 * cases from it, which builds the DynamoDB client then, at init; the EventBridge client is made at
 * the first publication (or by SnapStart's priming, before the checkpoint), so an invocation that
 * publishes nothing, and read-status, never loads it. The clients take the leanest set-up the SDK allows: the
 * URL-connection HTTP client, the region and keys from the environment, no provider chain where
 * Lambda gives the keys. {@link #primeOnCheckpoint} adds SnapStart's hooks ({@link SnapStartPriming}).
 */
public final class FunctionEnvironment {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String WORKSPACE_CLAIM = "WORKSPACE_CLAIM";
    public static final String GROUPS_CLAIM = "GROUPS_CLAIM";
    public static final String OPERATOR_GROUP = "OPERATOR_GROUP";
    public static final String STALENESS_THRESHOLD = "STALENESS_THRESHOLD";
    public static final String AUTOMATION_ENDPOINTS = "AUTOMATION_ENDPOINTS";
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";
    public static final String EVENTBRIDGE_ENDPOINT = "EVENTBRIDGE_ENDPOINT";
    public static final String AWS_REGION = "AWS_REGION";
    /** The CloudWatch namespace of the functions' metrics, and the deployment's name as their {@code Service} dimension. */
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";
    public static final String SERVICE_NAME = "SERVICE_NAME";

    private static FunctionEnvironment current;

    private final Map<String, String> env;
    private final Clock clock;
    private SdkHttpClient httpClient;
    private DynamoDbClient dynamo;
    private EventBridgeClient eventBridge;
    private HubStore store;
    private OutboxRelay relay;
    private ExternalAppGateway gateway;
    private final RenewableIds ids;
    private final RenewableCredentials credentials;
    private SnapStartPriming priming;
    private Metrics metrics;

    public FunctionEnvironment(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** An environment whose functions tell time by {@code clock} (the local stack's movable clock). */
    public FunctionEnvironment(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new RenewableIds(clock);
        this.credentials = new RenewableCredentials(this::credentialsProvider);
    }

    /** The process environment, read once per container. */
    public static synchronized FunctionEnvironment current() {
        if (current == null) {
            current = new FunctionEnvironment(System.getenv());
        }
        return current;
    }

    public Clock clock() {
        return clock;
    }

    public StatusPolicy policy() {
        String threshold = env.get(STALENESS_THRESHOLD);
        if (threshold == null || threshold.isBlank()) {
            return StatusPolicy.defaults();
        }
        try {
            return StatusPolicy.defaults().withStalenessThreshold(Duration.parse(threshold));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(STALENESS_THRESHOLD + " must be an ISO-8601 duration such as PT24H");
        }
    }

    public HubTransitions transitions() {
        return new HubTransitions(policy(), ids);
    }

    public IdentityReader identities() {
        return new IdentityReader(env.getOrDefault(WORKSPACE_CLAIM, "workspace_id"),
                env.getOrDefault(GROUPS_CLAIM, "groups"),
                env.getOrDefault(OPERATOR_GROUP, "hubstatus-operators"));
    }

    public synchronized HubStore store() {
        if (store == null) {
            store = new HubStore(dynamo(), require(TABLE_NAME), policy());
        }
        return store;
    }

    /** Publishes what the store's outbox holds to the function's event bus. */
    public synchronized OutboxRelay relay() {
        if (relay == null) {
            relay = new OutboxRelay(store(), new EventBridgeBus(this::eventBridge, require(EVENT_BUS_NAME)));
        }
        return relay;
    }

    public StatusRecorder recorder() {
        return new StatusRecorder(store(), relay(), clock(), metrics());
    }

    /** The use cases' metrics, in CloudWatch's embedded metric format on standard output. */
    public synchronized Metrics metrics() {
        if (metrics == null) {
            metrics = new EmfMetrics(valueOr(METRICS_NAMESPACE, EmfMetrics.DEFAULT_NAMESPACE),
                    valueOr(SERVICE_NAME, EmfMetrics.DEFAULT_SERVICE));
        }
        return metrics;
    }

    // ---- the use cases, wired to this environment's clients -------------------------------------

    public ConnectHub connectHub() {
        return new ConnectHub(recorder(), transitions());
    }

    public ChangeHub changeHub() {
        return new ChangeHub(recorder(), transitions());
    }

    public DisconnectHub disconnectHub() {
        return new DisconnectHub(recorder(), transitions());
    }

    public RequestRevalidation requestRevalidation() {
        return new RequestRevalidation(recorder(), transitions());
    }

    public RecheckHub recheckHub() {
        return new RecheckHub(recorder(), transitions());
    }

    public AnswerOnce answerOnce() {
        return new AnswerOnce(store(), clock());
    }

    public ListReviews listReviews() {
        return new ListReviews(store());
    }

    public ReadHub readHub() {
        return new ReadHub(store(), transitions().evaluator(), clock());
    }

    public ListHubs listHubs() {
        return new ListHubs(store(), transitions().evaluator(), clock());
    }

    public StartSync startSync() {
        return new StartSync(recorder(), transitions());
    }

    public RunSync runSync() {
        return new RunSync(recorder(), transitions(), meteredGateway());
    }

    public ValidateCohort validateCohort() {
        return new ValidateCohort(recorder(), transitions(), meteredGateway(),
                ValidateCohort.DEFAULT_MAX_HUBS_PER_INVOCATION);
    }

    public CheckHub checkHub() {
        return new CheckHub(recorder(), transitions(), meteredGateway());
    }

    public RetryDueWork retryDueWork() {
        return new RetryDueWork(recorder(), transitions());
    }

    public SweepStaleness sweepStaleness() {
        return new SweepStaleness(recorder(), transitions());
    }

    /** {@link #gateway()}, its calls timed and counted in {@link #metrics()}. */
    private ExternalAppGateway meteredGateway() {
        return MeteredGateway.of(gateway(), metrics());
    }

    /**
     * The automation service over HTTP at the base URLs {@code AUTOMATION_ENDPOINTS} names, each
     * request signed with SigV4 for {@code execute-api} in this environment's region with the
     * function's credentials. The functions that check or sync build it at init, so a deployment
     * without endpoints fails there, with a message naming the variable.
     *
     * @throws IllegalStateException when {@code AUTOMATION_ENDPOINTS} or {@code AWS_REGION} is missing or invalid
     */
    public synchronized ExternalAppGateway gateway() {
        if (gateway == null) {
            String endpoints = env.get(AUTOMATION_ENDPOINTS);
            if (endpoints == null || endpoints.isBlank()) {
                throw new IllegalStateException(AUTOMATION_ENDPOINTS + " is not set: this function calls the automation "
                        + "service and needs its base URL per app, as app-id=url,app-id=url "
                        + "(the template's AutomationEndpoints parameter; docs/automation-service.md)");
            }
            try {
                gateway = HttpAutomationGateway.fromEndpoints(endpoints, new RequestSigner(credentials, require(AWS_REGION)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(AUTOMATION_ENDPOINTS + " is invalid: " + e.getMessage(), e);
            }
        }
        return gateway;
    }

    private synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            DynamoDbClientBuilder builder = DynamoDbClient.builder()
                    .region(region())
                    .credentialsProvider(credentials)
                    .httpClient(httpClient());
            endpoint(DYNAMODB_ENDPOINT).ifPresent(builder::endpointOverride);
            dynamo = builder.build();
        }
        return dynamo;
    }

    private synchronized EventBridgeClient eventBridge() {
        if (eventBridge == null) {
            EventBridgeClientBuilder builder = EventBridgeClient.builder()
                    .region(region())
                    .credentialsProvider(credentials)
                    .httpClient(httpClient())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(new PrimingStop()));
            endpoint(EVENTBRIDGE_ENDPOINT).ifPresent(builder::endpointOverride);
            eventBridge = builder.build();
        }
        return eventBridge;
    }

    private synchronized SdkHttpClient httpClient() {
        if (httpClient == null) {
            httpClient = UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(10))
                    .build();
        }
        return httpClient;
    }

    private Region region() {
        return Region.of(require(AWS_REGION));
    }

    /**
     * Lambda puts the function's credentials in the environment; reading them there skips the
     * provider chain. With SnapStart it serves them from a container endpoint instead (so a
     * restored snapshot never holds stale keys). Keys are read from this environment's variables,
     * not the process's: the two differ when the local stack builds the environment.
     */
    private AwsCredentialsProvider credentialsProvider() {
        String keyId = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (keyId != null && !keyId.isBlank() && secret != null && !secret.isBlank()) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null || token.isBlank()
                    ? AwsBasicCredentials.create(keyId, secret)
                    : AwsSessionCredentials.create(keyId, secret, token));
        }
        if (env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            return ContainerCredentialsProvider.builder().build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    // ---- SnapStart ---------------------------------------------------------------------------------

    /** Where priming reads: a workspace and hub no request can name (ids are letters, digits, '_' and '-'). */
    static final String PRIMING_WORKSPACE = "#priming";
    static final String PRIMING_HUB = "hub_PRIMING";
    /** The header that marks a request priming sends only as far as the HTTP client. */
    static final String PRIMING_HEADER = "x-hubstatus-priming";

    /**
     * Registers SnapStart's hooks for this environment, with {@code handlerPath} as the handler's
     * part of the request path. The Lambda runtime's constructor of every handler calls it.
     */
    public synchronized SnapStartPriming primeOnCheckpoint(Runnable handlerPath) {
        priming = SnapStartPriming.register(this, handlerPath);
        return priming;
    }

    /**
     * What priming found: whether the priming hub was there (never), the JSON of the made-up hub's
     * view, and whether a PutEvents was primed (on a function that publishes).
     */
    public record Primed(boolean hubFound, String hubJson, boolean publishPrimed) {
    }

    /** The environment's part of the request path, with no side effects; see {@link SnapStartPriming}. */
    synchronized Primed prime() {
        // The store's read of one hub with its workspace's cohorts beside it, for keys no request can
        // name. The connections go back to the JDK's keep-alive cache, which never hands out one idle
        // past its timeout (5 s): after a restore the first request opens a new one.
        boolean found = dynamo != null && store().findHubWithCohort(PRIMING_WORKSPACE, PRIMING_HUB).isPresent();
        Instant now = clock.instant();
        Hub madeUp = Hub.builder().workspaceId(PRIMING_WORKSPACE).hubId(PRIMING_HUB)
                .app(ExternalApp.META_BUSINESS_MANAGER).name("Priming").businessId("0").serviceAccountRef("priming")
                .owners(Set.of("priming")).connectedAt(now.minus(Duration.ofDays(2))).lastSuccessAt(now.minus(Duration.ofHours(1)))
                .build();
        StatusView view = transitions().evaluator().evaluate(madeUp, null, now);
        String json = Json.write(HubJson.hub(view, "priming"));
        DomainEvent event = new DomainEvent.HubConnected("evt_PRIMING", now, PRIMING_WORKSPACE, PRIMING_HUB,
                madeUp.app(), "priming");
        try {
            JsonNode detail = Json.parse(EventCodec.detailJson(event));
            EventCodec.decode(EventCodec.detailType(event), detail);
        } catch (IOException e) {
            throw new UncheckedIOException("priming's own event did not read back", e);
        }
        // A function that publishes (it has a relay) gets its EventBridge client here, before the
        // checkpoint, though its invocations make it only at their first publication.
        boolean publishPrimed = relay != null && PrimingStop.primed(eventBridge(), require(EVENT_BUS_NAME), event);
        return new Primed(found, json, publishPrimed);
    }

    /** After a restore: a new random generator for ids, and credentials fetched anew. */
    void renewAfterRestore() {
        ids.renew();
        credentials.renew();
    }

    /** Ids from a generator that can be made anew, so environments restored from one snapshot never share one. */
    private static final class RenewableIds implements IdSource {
        private final Clock clock;
        private volatile IdSource current;

        RenewableIds(Clock clock) {
            this.clock = clock;
            this.current = IdSource.timeOrdered(clock);
        }

        void renew() {
            current = IdSource.timeOrdered(clock);
        }

        @Override
        public String next(String prefix) {
            return current.next(prefix);
        }
    }

    /** Credentials from a provider that can be made anew, dropping whatever the snapshot cached. */
    private static final class RenewableCredentials implements AwsCredentialsProvider {
        private final java.util.function.Supplier<AwsCredentialsProvider> make;
        private volatile AwsCredentialsProvider current;

        RenewableCredentials(java.util.function.Supplier<AwsCredentialsProvider> make) {
            this.make = make;
            this.current = make.get();
        }

        void renew() {
            current = make.get();
        }

        @Override
        public AwsCredentials resolveCredentials() {
            return current.resolveCredentials();
        }
    }

    /**
     * Stops a request marked with {@link #PRIMING_HEADER} after it is marshalled and signed, just
     * before it would be sent: priming runs a PutEvents through the client without publishing.
     */
    private static final class PrimingStop implements ExecutionInterceptor {

        private static final class Stopped extends RuntimeException {
            Stopped() {
                super("a priming request, stopped before it was sent", null, false, false);
            }
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.httpRequest().firstMatchingHeader(PRIMING_HEADER).isPresent()) {
                throw new Stopped();
            }
        }

        static boolean primed(EventBridgeClient client, String bus, DomainEvent event) {
            try {
                client.putEvents(b -> b.entries(e -> e.eventBusName(bus).source(EventCodec.SOURCE)
                                .detailType(EventCodec.detailType(event)).detail(EventCodec.detailJson(event)))
                        .overrideConfiguration(o -> o.putHeader(PRIMING_HEADER, "1")));
            } catch (RuntimeException e) {
                if (stoppedByPriming(e)) {
                    return true;
                }
                throw e;
            }
            throw new IllegalStateException("a priming PutEvents was sent");
        }

        private static boolean stoppedByPriming(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Stopped) {
                    return true;
                }
            }
            return false;
        }
    }

    private Optional<URI> endpoint(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(URI.create(value));
    }

    private String valueOr(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private String require(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the environment variable " + name + " is not set");
        }
        return Objects.requireNonNull(value);
    }
}
