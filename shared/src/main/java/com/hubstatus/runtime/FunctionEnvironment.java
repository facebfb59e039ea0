package com.hubstatus.runtime;

import com.hubstatus.eventbridge.EventBridgeBus;
import com.hubstatus.gateway.HttpAutomationGateway;
import com.hubstatus.gateway.SimulatedExternalApp;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.outbox.OutboxRelay;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.IdSource;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.store.HubStore;
import com.hubstatus.usecase.AnswerOnce;
import com.hubstatus.usecase.ChangeHub;
import com.hubstatus.usecase.CheckHub;
import com.hubstatus.usecase.ConnectHub;
import com.hubstatus.usecase.DisconnectHub;
import com.hubstatus.usecase.ListHubs;
import com.hubstatus.usecase.ListReviews;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a function reads from its environment (template.yaml sets every variable) and the clients
 * it builds from it. Built once per container, each client on first use only, so a function
 * builds just the clients it needs.
 */
public final class FunctionEnvironment {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String WORKSPACE_CLAIM = "WORKSPACE_CLAIM";
    public static final String GROUPS_CLAIM = "GROUPS_CLAIM";
    public static final String OPERATOR_GROUP = "OPERATOR_GROUP";
    public static final String STALENESS_THRESHOLD = "STALENESS_THRESHOLD";
    public static final String AUTOMATION_ENDPOINTS = "AUTOMATION_ENDPOINTS";
    public static final String SIMULATED_APP_FIXTURES = "SIMULATED_APP_FIXTURES";
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";
    public static final String EVENTBRIDGE_ENDPOINT = "EVENTBRIDGE_ENDPOINT";
    public static final String AWS_REGION = "AWS_REGION";

    private static FunctionEnvironment current;

    private final Map<String, String> env;
    private final Clock clock;
    private SdkHttpClient httpClient;
    private DynamoDbClient dynamo;
    private EventBridgeClient eventBridge;
    private HubStore store;
    private OutboxRelay relay;
    private ExternalAppGateway gateway;

    public FunctionEnvironment(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** An environment whose functions tell time by {@code clock} (the local stack's movable clock). */
    public FunctionEnvironment(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = Objects.requireNonNull(clock, "clock");
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
        return new HubTransitions(policy(), IdSource.timeOrdered(clock()));
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
            relay = new OutboxRelay(store(), new EventBridgeBus(eventBridge(), require(EVENT_BUS_NAME)));
        }
        return relay;
    }

    public StatusRecorder recorder() {
        return new StatusRecorder(store(), relay(), clock());
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
        return new RunSync(recorder(), transitions(), gateway());
    }

    public ValidateCohort validateCohort() {
        return new ValidateCohort(recorder(), transitions(), gateway(), ValidateCohort.DEFAULT_MAX_HUBS_PER_INVOCATION);
    }

    public CheckHub checkHub() {
        return new CheckHub(recorder(), transitions(), gateway());
    }

    public RetryDueWork retryDueWork() {
        return new RetryDueWork(recorder(), transitions());
    }

    public SweepStaleness sweepStaleness() {
        return new SweepStaleness(recorder(), transitions());
    }

    /**
     * The automation service over HTTP when {@code AUTOMATION_ENDPOINTS} names one per app;
     * otherwise the simulated external app (a fixtures file, or the bundled defaults).
     */
    public synchronized ExternalAppGateway gateway() {
        if (gateway == null) {
            String endpoints = env.get(AUTOMATION_ENDPOINTS);
            String fixtures = env.get(SIMULATED_APP_FIXTURES);
            if (endpoints != null && !endpoints.isBlank()) {
                gateway = HttpAutomationGateway.fromEndpoints(endpoints);
            } else if (fixtures != null && !fixtures.isBlank()) {
                gateway = new SimulatedExternalApp(Path.of(fixtures));
            } else {
                gateway = SimulatedExternalApp.bundled();
            }
        }
        return gateway;
    }

    private synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            DynamoDbClientBuilder builder = DynamoDbClient.builder()
                    .region(region())
                    .credentialsProvider(credentials())
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
                    .credentialsProvider(credentials())
                    .httpClient(httpClient());
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
    private AwsCredentialsProvider credentials() {
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

    private Optional<URI> endpoint(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(URI.create(value));
    }

    private String require(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the environment variable " + name + " is not set");
        }
        return Objects.requireNonNull(value);
    }
}
