package com.hubstatus.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.eventbridge.EventBridgeBus;
import com.hubstatus.events.EventCodec;
import com.hubstatus.gateway.SimulatedExternalApp;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.json.Json;
import com.hubstatus.outbox.OutboxEntry;
import com.hubstatus.outbox.OutboxRelay;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.IdSource;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.SyncResult;
import com.hubstatus.status.SyncRun;
import com.hubstatus.status.ValidationRun;
import com.hubstatus.store.HubStore;
import com.hubstatus.local.emulators.HubTableProvisioner;
import com.hubstatus.local.emulators.LocalAwsClients;
import com.hubstatus.local.emulators.MovableClock;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;
import com.hubstatus.usecase.Caller;
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
import com.hubstatus.usecase.TimeBudget;
import com.hubstatus.usecase.ValidateCohort;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Everything a use case or handler test runs against: a fresh table in a real DynamoDB (the
 * project's engine in this JVM, or LocalStack under its profile), the real EventBridge client
 * talking to a loopback endpoint that records PutEvents, the simulated external app on a fixtures
 * file the test may edit, and a clock the test moves. {@link TestSystemExtension} starts one per
 * test class and closes it after.
 */
public final class TestSystem implements AutoCloseable {

    // Where: the bus, and the workspace of the sample events in events/ and another.
    public static final String BUS = "hubstatus-test-bus";
    public static final String WORKSPACE = "ws-demo";
    public static final String OTHER_WORKSPACE = "ws-other";

    // When the clock starts.
    public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    // Who: the sample events' owner, the manager the fixtures name, a user of the workspace who is neither, an operator.
    public static final String OWNER = "user-owner-1";
    public static final String MANAGER = "user-manager-1";
    public static final String STRANGER = "user-stranger-1";
    public static final String OPERATOR = "operator-1";

    public final MovableClock clock;
    public final LocalEventBridge bus;
    public final DynamoDbClient dynamo;
    public final EventBridgeClient eventBridge;
    public final StatusPolicy policy;
    public final HubStore store;
    public final OutboxRelay relay;
    public final StatusRecorder recorder;
    public final HubTransitions transitions;
    public final IdentityReader identities;
    public final Path fixtures;
    public final SimulatedExternalApp externalApp;
    private final String defaultFixtures;

    TestSystem() {
        this(UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * A system whose clients reach DynamoDB and the bus through fronts of the caller's (a fault
     * proxy, say): each function takes the service's endpoint and returns the one to use.
     */
    public static TestSystem behind(UnaryOperator<URI> dynamoDbFront, UnaryOperator<URI> busFront) {
        return new TestSystem(dynamoDbFront, busFront);
    }

    private TestSystem(UnaryOperator<URI> dynamoDbFront, UnaryOperator<URI> busFront) {
        clock = MovableClock.fixedAt(T0);
        bus = new LocalEventBridge(clock).start();
        dynamo = LocalAwsClients.to(dynamoDbFront.apply(DynamoDbBackend.endpoint()), DynamoDbClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)));
        eventBridge = LocalAwsClients.to(busFront.apply(bus.endpoint()), EventBridgeClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)));
        policy = StatusPolicy.defaults();
        store = new HubStore(dynamo, HubTableProvisioner.createFresh(dynamo), policy);
        relay = new OutboxRelay(store, new EventBridgeBus(eventBridge, BUS));
        recorder = new StatusRecorder(store, relay, clock);
        transitions = new HubTransitions(policy, IdSource.timeOrdered(clock));
        identities = new IdentityReader("workspace_id", "groups", "hubstatus-operators");
        try {
            fixtures = Files.createTempFile("simulated-apps", ".json");
            try (InputStream defaults = SimulatedExternalApp.class.getResourceAsStream(SimulatedExternalApp.BUNDLED_RESOURCE)) {
                defaultFixtures = new String(defaults.readAllBytes(), StandardCharsets.UTF_8);
            }
            Files.writeString(fixtures, defaultFixtures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        externalApp = new SimulatedExternalApp(fixtures);
    }

    // ---- the use cases, on this system's store, bus, clock and simulated app --------------------

    public ConnectHub connectHub() {
        return new ConnectHub(recorder, transitions);
    }

    public ChangeHub changeHub() {
        return new ChangeHub(recorder, transitions);
    }

    public DisconnectHub disconnectHub() {
        return new DisconnectHub(recorder, transitions);
    }

    public RequestRevalidation requestRevalidation() {
        return new RequestRevalidation(recorder, transitions);
    }

    public RecheckHub recheckHub() {
        return new RecheckHub(recorder, transitions);
    }

    public ListReviews listReviews() {
        return new ListReviews(store);
    }

    public ReadHub readHub() {
        return new ReadHub(store, transitions.evaluator(), clock);
    }

    public ListHubs listHubs() {
        return new ListHubs(store, transitions.evaluator(), clock);
    }

    public AnswerOnce answerOnce() {
        return new AnswerOnce(store, clock);
    }

    public StartSync startSync() {
        return new StartSync(recorder, transitions);
    }

    public RunSync runSync(ExternalAppGateway gateway) {
        return new RunSync(recorder, transitions, gateway);
    }

    public ValidateCohort validateCohort(ExternalAppGateway gateway, int maxHubsPerInvocation) {
        return new ValidateCohort(recorder, transitions, gateway, maxHubsPerInvocation);
    }

    public CheckHub checkHub(ExternalAppGateway gateway) {
        return new CheckHub(recorder, transitions, gateway);
    }

    public RetryDueWork retryDueWork() {
        return new RetryDueWork(recorder, transitions);
    }

    public SweepStaleness sweepStaleness() {
        return new SweepStaleness(recorder, transitions);
    }

    /** An external app where every hub passes its checks and every sync succeeds. */
    public static final ExternalAppGateway PASSING_APP = new ExternalAppGateway() {
        @Override
        public CheckResult check(HubRef hub) {
            return CheckResult.passed();
        }

        @Override
        public SyncResult sync(HubRef hub, String runId) {
            return SyncResult.succeeded();
        }
    };

    /** A user of {@code workspaceId} with no groups. */
    public static Caller user(String userId, String workspaceId) {
        return new Caller(userId, workspaceId, Set.of(), false);
    }

    /** {@link #OWNER}, who owns the hubs the fixtures connect. */
    public static Caller owner(String workspaceId) {
        return user(OWNER, workspaceId);
    }

    /** {@link #MANAGER}, whom the fixtures name a manager of the hubs they connect. */
    public static Caller manager(String workspaceId) {
        return user(MANAGER, workspaceId);
    }

    /** {@link #OPERATOR}, in the operator group. */
    public static Caller operator(String workspaceId) {
        return new Caller(OPERATOR, workspaceId, Set.of("hubstatus-operators"), true);
    }

    /** Connects a hub as {@link #OWNER}, naming {@link #MANAGER} its manager; returns it as stored. */
    public Hub connect(String workspaceId, ExternalApp app, String businessId, String serviceAccountRef) {
        StatusView connected = connectHub().connect(user(OWNER, workspaceId), new ConnectHub.Request(app,
                "Hub " + businessId, businessId, serviceAccountRef, Set.of(MANAGER)));
        return store.findHub(workspaceId, connected.hub().hubId()).orElseThrow();
    }

    /**
     * Connects a hub and, when its cohort is still validating, completes the validation (every hub
     * passing) a second later, so the hub's history entries stand in order.
     */
    public Hub validatedHub(String workspaceId, ExternalApp app, String businessId, String serviceAccountRef) {
        Hub hub = connect(workspaceId, app, businessId, serviceAccountRef);
        if (store.findCohort(workspaceId, app).orElseThrow().isValidating()) {
            clock.advance(Duration.ofSeconds(1));
            completeValidation(workspaceId, app);
        }
        return store.findHub(workspaceId, hub.hubId()).orElseThrow();
    }

    /**
     * A hub of {@code app} connected once the app's integration in the workspace is validated (a
     * first hub of the app passes its validation), so it waits for a check of its own: the one
     * request on the bus, which is cleared of everything before.
     */
    public Hub connectedAfterValidation(String workspaceId, ExternalApp app, String businessId) {
        validatedHub(workspaceId, app, "first-" + businessId, "sa-marketing");
        bus.clear();
        return connect(workspaceId, app, businessId, "sa-marketing");
    }

    /** A validated hub whose first sync, a second after the validation, succeeded; returns it as stored. */
    public Hub syncedHub(String workspaceId, ExternalApp app, String businessId) {
        Hub hub = validatedHub(workspaceId, app, businessId, "sa-marketing");
        clock.advance(Duration.ofSeconds(1));
        return syncSuccessfully(workspaceId, hub.hubId());
    }

    /** The owner asks for a sync and it runs to success, as run-sync would; returns the hub as stored. */
    public Hub syncSuccessfully(String workspaceId, String hubId) {
        SyncRun run = startSync().start(user(OWNER, workspaceId), hubId).hub().syncRun();
        runSync(PASSING_APP).run(new DomainEvent.SyncRequested("evt-test-" + UUID.randomUUID(), clock.instant(),
                workspaceId, hubId, run.runId(), run.trigger()));
        return store.findHub(workspaceId, hubId).orElseThrow();
    }

    /**
     * Runs the cohort's validation in progress to its end, as run-validation would, against an app
     * where every hub passes.
     */
    public void completeValidation(String workspaceId, ExternalApp app) {
        ValidationRun run = store.findCohort(workspaceId, app).orElseThrow().run();
        DomainEvent.ValidationRequested request = new DomainEvent.ValidationRequested("evt-test-" + UUID.randomUUID(),
                clock.instant(), workspaceId, app, run.runId(), run.kind());
        ValidateCohort.Result result = validateCohort(PASSING_APP, Integer.MAX_VALUE).run(request, TimeBudget.unlimited());
        if (result.outcome() != ValidateCohort.Outcome.COMPLETED) {
            throw new IllegalStateException("the validation of " + app + " in " + workspaceId + " ended " + result);
        }
    }

    /** The events of {@code detailType} the bus took since the last {@code bus.clear()}. */
    public List<BusEvent> published(String detailType) {
        return bus.events(detailType);
    }

    /** The events of one kind the bus took since the last {@code bus.clear()}, read back as a consumer reads them. */
    public <E extends DomainEvent> List<E> published(Class<E> type) {
        return bus.events().stream()
                .map(event -> EventCodec.decode(event.detailType(), event.detail()))
                .filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * Hands every validation request the bus took to {@code validation}, as EventBridge would deliver
     * them to run-validation, then those the runs hand on to themselves, until none is left; returns
     * each invocation's result. Clears the bus's record as it goes.
     */
    public List<ValidateCohort.Result> deliverValidations(ValidateCohort validation) {
        List<ValidateCohort.Result> results = new ArrayList<>();
        List<DomainEvent.ValidationRequested> pending = published(DomainEvent.ValidationRequested.class);
        while (!pending.isEmpty()) {
            bus.clear();
            pending.forEach(request -> results.add(validation.run(request, TimeBudget.unlimited())));
            pending = published(DomainEvent.ValidationRequested.class);
        }
        return results;
    }

    /** Hands every check request the bus took to {@code check} once; returns the outcomes. Clears the bus's record. */
    public List<CheckHub.Outcome> deliverChecks(CheckHub check) {
        List<DomainEvent.CheckRequested> pending = published(DomainEvent.CheckRequested.class);
        bus.clear();
        return pending.stream().map(check::run).toList();
    }

    /** A hub as stored. */
    public Hub hub(String workspaceId, String hubId) {
        return store.findHub(workspaceId, hubId).orElseThrow();
    }

    /** A stored hub's status now, as a read would compute it. */
    public StatusView statusOf(String workspaceId, String hubId) {
        var found = store.findHubWithCohort(workspaceId, hubId).orElseThrow();
        return transitions.evaluator().evaluate(found.hub(), found.cohort(), clock.instant());
    }

    /** The events waiting in the outbox, whenever they were written. */
    public List<OutboxEntry> outbox() {
        return store.unpublished(clock.instant().plus(Duration.ofDays(1)), 1000);
    }

    /** The events about {@code workspaceId} waiting in the outbox. */
    public List<OutboxEntry> outbox(String workspaceId) {
        return outbox().stream().filter(entry -> entry.detail().contains("\"workspaceId\":\"" + workspaceId + "\"")).toList();
    }

    /** Every item in the table, for tests that prove a refused request wrote nothing. */
    public List<Map<String, AttributeValue>> allItems() {
        return dynamo.scanPaginator(b -> b.tableName(store.tableName())).items().stream().toList();
    }

    public int itemCount() {
        return allItems().size();
    }

    /** Sets one app's automation in the simulated app's fixtures ({@code works}, {@code fails}, {@code unavailable}). */
    public void setAutomation(ExternalApp app, String automation) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(fixtures.toFile());
            ((ObjectNode) root.get("apps").get(app.id())).put("automation", automation);
            writeFixtures(root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link TestSystemExtension} does before each test: forgets the bus's record and faults, restores the default fixtures. */
    void resetForNextTest() {
        bus.clear();
        writeFixtures(defaultFixtures);
    }

    /** Replaces the simulated app's fixtures, as a user editing the file would. */
    public void writeFixtures(String json) {
        try {
            Files.writeString(fixtures, json);
            Files.setLastModifiedTime(fixtures, FileTime.from(Files.getLastModifiedTime(fixtures).toInstant().plusSeconds(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        eventBridge.close();
        dynamo.close();
        bus.close();
    }
}
