package com.hubstatus.model;

import com.hubstatus.eventbridge.EventBridgeBus;
import com.hubstatus.events.EventCodec;
import com.hubstatus.local.emulators.HubTableProvisioner;
import com.hubstatus.testing.DynamoDbBackend;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.outbox.OutboxRelay;
import com.hubstatus.status.CheckAlreadyRunningException;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.IdSource;
import com.hubstatus.status.StatusEvaluator;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.SyncAlreadyRunningException;
import com.hubstatus.status.ValidationAlreadyRunningException;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.store.HubStore;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.usecase.Caller;
import com.hubstatus.usecase.ChangeHub;
import com.hubstatus.usecase.CheckHub;
import com.hubstatus.usecase.ConnectHub;
import com.hubstatus.usecase.DisconnectHub;
import com.hubstatus.usecase.IntegrationNotFoundException;
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
import com.hubstatus.model.ReferenceModel.Expected;
import com.hubstatus.model.ReferenceModel.Kind;
import com.hubstatus.model.ReferenceModel.Refusal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One history: a fresh table and workspace, the real use cases on it with a {@link ScriptedApp},
 * the {@link ReferenceModel} beside them, and the hand-offs the bus took waiting to be delivered.
 * Every action is done to both; after each one the hand-offs published are matched against the
 * model's, and every hub's status, reasons, next action and who must act are compared, with the
 * contract's invariants.
 */
final class ModelRun implements AutoCloseable {

    /** The bus, clock and DynamoDB client every history shares; each history has its own table. */
    private static TestSystem infrastructure;
    private static DynamoDbClient dynamo;
    private static EventBridgeClient eventBridge;
    private static final StaticCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    private static SamTemplate template;
    private static int workspaces;
    /** DynamoDB requests sent, for the statistics. */
    static final AtomicLong requests = new AtomicLong();
    /** DynamoDB writes sent: a step that wrote nothing leaves the stored facts as they were. */
    static final AtomicLong writes = new AtomicLong();
    private static final Set<String> WRITES = Set.of("PutItemRequest", "UpdateItemRequest", "DeleteItemRequest",
            "TransactWriteItemsRequest", "BatchWriteItemRequest");
    /** Every this many steps, the comparison also reads through ListHubs and ReadHub. */
    static final int READ_USE_CASES_EVERY = 8;

    private final ModelStatistics statistics;
    final String workspace;
    final OutsideWorld world = new OutsideWorld();
    final ReferenceModel model = new ReferenceModel(world);
    private final ScriptedApp app = new ScriptedApp(world);
    private final TestSystem infra;
    private final HubStore store;

    private final ConnectHub connectHub;
    private final ChangeHub changeHub;
    private final RecheckHub recheckHub;
    private final DisconnectHub disconnectHub;
    private final StartSync startSync;
    private final RunSync runSync;
    private final CheckHub checkHub;
    private final ValidateCohort validateCohort;
    private final RequestRevalidation requestRevalidation;
    private final SweepStaleness sweepStaleness;
    private final RetryDueWork retryDueWork;
    private final ReadHub readHub;
    private final ListHubs listHubs;
    private final ListReviews listReviews;
    private final StatusEvaluator evaluator;

    private final Map<String, String> hubIds = new HashMap<>();
    private final Map<String, String> keys = new HashMap<>();
    /** Hand-offs published and not yet delivered, in the order the bus took them. */
    final List<DomainEvent> undelivered = new ArrayList<>();
    /** Hand-offs delivered at least once, for repeated deliveries. */
    final List<DomainEvent> delivered = new ArrayList<>();
    /** Automatic sync runs the system asked for, per hub, since the hub's last success as the system reads it. */
    private final Map<String, Set<String>> automaticRuns = new HashMap<>();
    private final Map<String, Instant> automaticRunsSince = new HashMap<>();
    /** The status each hub's last {@code Hub Status Changed} ended at. */
    private final Map<String, HubStatus> published = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private int hubCount;
    private int freshEventIds;
    private int reads;
    /** The workspace as last read, with its cohorts, and every hub's status from it. */
    private Stored stored;
    private Map<String, StatusView> lastViews = Map.of();
    private boolean retrying;

    ModelRun(ModelStatistics statistics) {
        long started = System.nanoTime();
        this.statistics = statistics;
        this.infra = infrastructure();
        this.workspace = "ws-model-" + (++workspaces);
        String table = HubTableProvisioner.create(dynamo, template, "model-" + workspace + "-" + System.nanoTime());
        store = new HubStore(dynamo, table, infra.policy);
        OutboxRelay relay = new OutboxRelay(store, new EventBridgeBus(eventBridge, TestSystem.BUS));
        StatusRecorder recorder = new StatusRecorder(store, relay, infra.clock);
        HubTransitions transitions = new HubTransitions(infra.policy, IdSource.timeOrdered(infra.clock));
        connectHub = new ConnectHub(recorder, transitions);
        changeHub = new ChangeHub(recorder, transitions);
        recheckHub = new RecheckHub(recorder, transitions);
        disconnectHub = new DisconnectHub(recorder, transitions);
        startSync = new StartSync(recorder, transitions);
        runSync = new RunSync(recorder, transitions, app);
        checkHub = new CheckHub(recorder, transitions, app);
        validateCohort = new ValidateCohort(recorder, transitions, app, Integer.MAX_VALUE);
        requestRevalidation = new RequestRevalidation(recorder, transitions);
        sweepStaleness = new SweepStaleness(recorder, transitions);
        retryDueWork = new RetryDueWork(recorder, transitions);
        readHub = new ReadHub(store, transitions.evaluator(), infra.clock);
        listHubs = new ListHubs(store, transitions.evaluator(), infra.clock);
        listReviews = new ListReviews(store);
        evaluator = transitions.evaluator();
        infra.bus.clear();
        statistics.historyStarted(System.nanoTime() - started);
    }

    private static synchronized TestSystem infrastructure() {
        if (infrastructure == null) {
            infrastructure = TestSystem.behind(uri -> uri, uri -> uri);
            template = SamTemplate.ofRepository();
            dynamo = DynamoDbClient.builder().endpointOverride(DynamoDbBackend.endpoint())
                    .region(Region.US_EAST_1).credentialsProvider(LOCAL_CREDENTIALS).httpClient(new LoopbackHttpClient())
                    .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)
                            .addExecutionInterceptor(new ExecutionInterceptor() {
                                @Override
                                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                                    requests.incrementAndGet();
                                    if (WRITES.contains(context.request().getClass().getSimpleName())) {
                                        writes.incrementAndGet();
                                    }
                                }
                            }))
                    .build();
            eventBridge = EventBridgeClient.builder().endpointOverride(infrastructure.bus.endpoint())
                    .region(Region.US_EAST_1).credentialsProvider(LOCAL_CREDENTIALS).httpClient(new LoopbackHttpClient())
                    .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                    .build();
        }
        return infrastructure;
    }

    static synchronized void shutDown() {
        if (infrastructure != null) {
            dynamo.close();
            eventBridge.close();
            infrastructure.close();
            infrastructure = null;
        }
    }

    @Override
    public void close() {
        dynamo.deleteTable(b -> b.tableName(store.tableName()));
    }

    Instant now() {
        return infra.clock.instant();
    }

    int hubCount() {
        return model.hubs().size();
    }

    List<String> hubKeys() {
        return List.copyOf(model.hubs().keySet());
    }

    /** The {@code position}-th hub (modulo how many there are). */
    String hub(int position) {
        List<String> all = hubKeys();
        return all.get(position % all.size());
    }

    List<String> apps() {
        return OutsideWorld.APPS.stream().filter(a -> model.cohort(a).isPresent()).toList();
    }

    @Override
    public String toString() {
        return workspace + " with " + hubCount() + " hubs, " + undelivered.size() + " hand-offs waiting";
    }

    // ---- owners --------------------------------------------------------------------------------------------

    /** Connects a hub; returns the model's name for it ({@code h1}, {@code h2}, ...). */
    String connect(String appId, String businessId, String serviceAccount) {
        String key = "h" + (++hubCount);
        step("connect " + key + " " + appId + " " + businessId + " " + serviceAccount, () -> {
            StatusView connected = connectHub.connect(owner(), new ConnectHub.Request(ExternalApp.require(appId),
                    "Hub " + key, businessId, serviceAccount, Set.of(TestSystem.MANAGER)));
            hubIds.put(key, connected.hub().hubId());
            keys.put(connected.hub().hubId(), key);
            model.connect(key, appId, businessId, serviceAccount, now());
            return null;
        });
        return key;
    }

    void changeBusinessId(String key, String businessId) {
        change(key, businessId, null);
    }

    void changeServiceAccount(String key, String serviceAccount) {
        change(key, null, serviceAccount);
    }

    private void change(String key, String businessId, String serviceAccount) {
        step("change " + key + (businessId == null ? "" : " businessId=" + businessId)
                + (serviceAccount == null ? "" : " serviceAccount=" + serviceAccount), () -> {
            changeHub.change(owner(), hubIds.get(key), new HubTransitions.HubChange(Optional.empty(),
                    Optional.ofNullable(businessId), Optional.ofNullable(serviceAccount), Optional.empty(), Optional.empty()));
            model.change(key, businessId, serviceAccount, now());
            return null;
        });
    }

    void recheck(String key) {
        step("recheck " + key, () -> refusable("re-check", key, model.recheck(key, now()),
                () -> recheckHub.recheck(owner(), hubIds.get(key))));
    }

    void sync(String key) {
        step("sync " + key, () -> refusable("manual sync", key, model.startSync(key, now()),
                () -> startSync.start(owner(), hubIds.get(key))));
    }

    void disconnect(String key) {
        step("disconnect " + key, () -> {
            disconnectHub.disconnect(owner(), hubIds.get(key));
            model.disconnect(key);
            return null;
        });
    }

    // ---- operators -----------------------------------------------------------------------------------------

    void revalidate(String appId) {
        step("revalidate " + appId, () -> refusable("re-validation", appId, model.revalidate(appId, now()),
                () -> requestRevalidation.request(TestSystem.operator(workspace), appId)));
    }

    // ---- the outside world and the time ----------------------------------------------------------------------

    void automation(String appId, OutsideWorld.Automation value) {
        step("app " + appId + " automation " + value, () -> {
            world.setAutomation(appId, value);
            return null;
        });
    }

    void businessIdKnown(String appId, String businessId, boolean known) {
        step("app " + appId + (known ? " knows " : " does not know ") + businessId, () -> {
            world.setKnown(appId, businessId, known);
            return null;
        });
    }

    void businessIdReachable(String businessId, boolean reachable) {
        step("account " + businessId + (reachable ? " reachable" : " unreachable"), () -> {
            world.setReachable(businessId, reachable);
            return null;
        });
    }

    void accountProblems(String serviceAccount, Set<OutsideWorld.AccountProblem> problems) {
        step("service account " + serviceAccount + " problems " + problems, () -> {
            world.setAccountProblems(serviceAccount, problems);
            return null;
        });
    }

    void advance(Duration by) {
        step("clock +" + by, () -> {
            infra.clock.advance(by);
            return null;
        });
    }

    /**
     * Moves the clock to one of the edges of a hub's last success: just before and at its automatic-sync
     * time (22 h), at its staleness threshold (24 h, still Healthy) and just past it. Takes the
     * {@code choice}-th of those still ahead; does nothing when none is.
     */
    void advanceToAnEdge(String key, int choice) {
        Instant lastSuccess = model.hubs().get(key).lastSuccess;
        List<Duration> ahead = java.util.stream.Stream.of(Duration.ofHours(22).minusMillis(1), Duration.ofHours(22),
                        Duration.ofHours(24), Duration.ofHours(24).plusMillis(1))
                .filter(offset -> lastSuccess.plus(offset).isAfter(now())).toList();
        if (ahead.isEmpty()) {
            return;
        }
        Duration offset = ahead.get(choice % ahead.size());
        step("clock to " + key + "'s last success +" + offset, () -> {
            infra.clock.advance(Duration.between(now(), lastSuccess.plus(offset)));
            return null;
        });
    }

    void sweep() {
        step("sweep", () -> {
            sweepStaleness.run(TimeBudget.unlimited());
            model.sweep(now());
            return null;
        });
        requireAutomaticSyncsOfDueHubs();
        requireStalenessRecorded();
    }

    void retry() {
        step("retry schedule", () -> {
            retrying = true;
            retryDueWork.run();
            model.retry(now());
            return null;
        });
    }

    // ---- deliveries ------------------------------------------------------------------------------------------

    /** Delivers the {@code index}-th hand-off waiting (in the order they were published). */
    void deliver(int index) {
        DomainEvent event = undelivered.remove(index);
        delivered.add(event);
        step("deliver " + describe(event), () -> {
            deliverTo(event);
            return null;
        });
    }

    /** Delivers the oldest waiting hand-off described so ({@code "Check Requested(h2)"}, ...). */
    void deliver(String description) {
        deliver(positionOf(undelivered, description));
    }

    /** Delivers again, with its event id, the last delivery of the hand-off described so. */
    void redeliver(String description) {
        redeliver(delivered.size() - 1 - positionOf(delivered.reversed(), description));
    }

    /** Delivers a fresh copy of the oldest hand-off described so, waiting or delivered. */
    void deliverCopy(String description) {
        List<DomainEvent> all = new ArrayList<>(undelivered);
        all.addAll(delivered);
        deliverCopy(positionOf(all, description));
    }

    private int positionOf(List<DomainEvent> events, String description) {
        for (int i = 0; i < events.size(); i++) {
            if (describe(events.get(i)).equals(description)) {
                return i;
            }
        }
        throw new AssertionError("no hand-off " + description + " among " + events.stream().map(this::describe).toList());
    }

    /** Delivers every hand-off waiting, oldest first, and those they lead to, until none is left. */
    void deliverAll() {
        while (!undelivered.isEmpty()) {
            deliver(0);
        }
    }

    /** Delivers again, with the same event id, a hand-off delivered before. */
    void redeliver(int index) {
        DomainEvent event = delivered.get(index);
        step("deliver again " + describe(event), () -> {
            deliverTo(event);
            return null;
        });
    }

    /** Delivers a copy of a hand-off (waiting or delivered) under a fresh event id. */
    void deliverCopy(int index) {
        DomainEvent original = index < undelivered.size() ? undelivered.get(index) : delivered.get(index - undelivered.size());
        DomainEvent copy = withEventId(original, "evt-copy-" + (++freshEventIds));
        delivered.add(copy);
        step("deliver a fresh copy of " + describe(original), () -> {
            deliverTo(copy);
            return null;
        });
    }

    private void deliverTo(DomainEvent event) {
        Instant now = now();
        switch (event) {
            case DomainEvent.ValidationRequested v -> {
                String actual = validateCohort.run(v, TimeBudget.unlimited()).outcome().name();
                String expected = model.deliverValidation(v.app().id(), v.runId(), now);
                require(expected.equals(actual), "validation " + v.runId() + ": expected " + expected + ", the system " + actual);
                statistics.note("Validation Requested delivered: " + actual);
            }
            case DomainEvent.CheckRequested c -> {
                String actual = checkHub.run(c).name();
                String expected = model.deliverCheck(keys.get(c.hubId()), c.checkId(), c.eventId(), now);
                require(expected.equals(actual), "check " + c.checkId() + ": expected " + expected + ", the system " + actual);
                statistics.note("Check Requested delivered: " + actual);
            }
            case DomainEvent.SyncRequested s -> {
                String actual = runSync.run(s).name();
                String expected = model.deliverSync(keys.get(s.hubId()), s.runId(), s.eventId(), now);
                require(expected.equals(actual), "sync " + s.runId() + ": expected " + expected + ", the system " + actual);
                statistics.note("Sync Requested delivered: " + actual);
            }
            default -> throw new IllegalArgumentException("not a hand-off: " + event);
        }
    }

    private static DomainEvent withEventId(DomainEvent event, String eventId) {
        return switch (event) {
            case DomainEvent.ValidationRequested v ->
                    new DomainEvent.ValidationRequested(eventId, v.occurredAt(), v.workspaceId(), v.app(), v.runId(), v.kind());
            case DomainEvent.CheckRequested c ->
                    new DomainEvent.CheckRequested(eventId, c.occurredAt(), c.workspaceId(), c.hubId(), c.checkId());
            case DomainEvent.SyncRequested s ->
                    new DomainEvent.SyncRequested(eventId, s.occurredAt(), s.workspaceId(), s.hubId(), s.runId(), s.trigger());
            default -> throw new IllegalArgumentException("not a hand-off: " + event);
        };
    }

    String describe(DomainEvent event) {
        return switch (event) {
            case DomainEvent.ValidationRequested v -> "Validation Requested(" + v.app().id() + " " + v.kind() + ")";
            case DomainEvent.CheckRequested c -> "Check Requested(" + keys.get(c.hubId()) + ")";
            case DomainEvent.SyncRequested s -> "Sync Requested(" + keys.get(s.hubId()) + " " + s.trigger() + ")";
            default -> event.toString();
        };
    }

    // ---- after every step --------------------------------------------------------------------------------------

    private void step(String description, Supplier<Void> action) {
        log.add(description);
        statistics.step(description);
        try {
            long started = System.nanoTime();
            long requestsBefore = requests.get();
            long writesBefore = writes.get();
            action.get();
            takeHandOffs();
            model.takeNotes().forEach(statistics::note);
            long acted = System.nanoTime();
            long requestsActing = requests.get() - requestsBefore;
            compareEveryHub(writes.get() > writesBefore);
            statistics.timed(acted - started, System.nanoTime() - acted, requestsActing,
                    requests.get() - requestsBefore - requestsActing);
        } finally {
            retrying = false;
        }
    }

    /** Matches the hand-offs the bus took against the model's, and keeps them for delivery. */
    private void takeHandOffs() {
        Instant now = now();
        List<BusEvent> taken = infra.bus.events();
        infra.bus.clear();
        List<Expected> expected = new ArrayList<>(model.takeExpected());
        for (BusEvent busEvent : taken) {
            DomainEvent event = EventCodec.decode(busEvent.detailType(), busEvent.detail());
            if (!event.workspaceId().equals(workspace)) {
                continue;
            }
            Kind kind;
            String subject;
            String detail;
            String id;
            switch (event) {
                case DomainEvent.ValidationRequested v -> {
                    kind = Kind.VALIDATION;
                    subject = v.app().id();
                    detail = v.kind().name();
                    id = v.runId();
                }
                case DomainEvent.CheckRequested c -> {
                    kind = Kind.CHECK;
                    subject = keys.get(c.hubId());
                    detail = null;
                    id = c.checkId();
                }
                case DomainEvent.SyncRequested s -> {
                    kind = Kind.SYNC;
                    subject = keys.get(s.hubId());
                    detail = s.trigger().name();
                    id = s.runId();
                    if (detail.equals("AUTOMATIC")) {
                        countAutomaticRun(subject, id);
                    }
                }
                case DomainEvent.HubStatusChanged changed -> {
                    requireARealTransition(changed);
                    continue;
                }
                default -> {
                    continue;
                }
            }
            undelivered.add(event);
            Optional<Expected> match = expected.stream().filter(e -> e.kind() == kind && e.subject().equals(subject)
                    && java.util.Objects.equals(e.detail(), detail)).findFirst();
            if (match.isPresent()) {
                expected.remove(match.get());
                match.get().bind().accept(id);
            } else if (retrying && kind != Kind.SYNC && model.acceptAskedAgain(kind, subject, id, now)) {
                statistics.note("check or validation asked again before 4 h");
            } else if (kind == Kind.SYNC && detail.equals("AUTOMATIC") && model.acceptOwedAutomaticSync(subject, id, now)) {
                statistics.note("owed automatic sync asked for outside a sweep");
            } else {
                fail("the system published " + describe(event) + " [" + id + "], which the contract does not call for here");
            }
        }
        model.stepDone();
        require(expected.isEmpty(), "the system did not publish " + expected);
    }

    /**
     * Events only on real transitions, none lost or told twice: each {@code Hub Status Changed} of a
     * hub starts where the last one ended, and ends elsewhere.
     */
    private void requireARealTransition(DomainEvent.HubStatusChanged changed) {
        String key = keys.get(changed.hubId());
        require(java.util.Objects.equals(changed.from(), published.get(key)), "hub " + key + ": Hub Status Changed from "
                + changed.from() + " to " + changed.to() + ", but the last one published ended at " + published.get(key));
        require(changed.from() != changed.to(), "hub " + key + ": Hub Status Changed from " + changed.from() + " to itself");
        published.put(key, changed.to());
    }

    /** The status a hub's record holds is the one its last {@code Hub Status Changed} told. */
    private void requireRecordedAsPublished() {
        for (com.hubstatus.status.Hub hub : stored.hubs()) {
            String key = keys.get(hub.hubId());
            HubStatus recorded = hub.recorded() == null ? null : hub.recorded().status();
            require(recorded == published.get(key), "hub " + key + " records " + recorded + ", its events told "
                    + published.get(key));
        }
    }

    /**
     * Rule 4: the sweep records staleness (and publishes it): after it, every hub's recorded status and
     * reasons are those it reads with now.
     */
    private void requireStalenessRecorded() {
        for (com.hubstatus.status.Hub hub : stored.hubs()) {
            String key = keys.get(hub.hubId());
            StatusView now = lastViews.get(key);
            require(hub.recorded() != null && hub.recorded().status() == now.status()
                            && hub.recorded().reasons().equals(now.reasonCodes()),
                    "after the sweep hub " + key + " records " + hub.recorded() + " but reads " + now.status() + " "
                            + now.reasonCodes());
        }
    }

    /** Rule 8, at most once: one automatic sync run per hub per due period (since its last success). */
    private void countAutomaticRun(String key, String runId) {
        Set<String> runs = automaticRuns.computeIfAbsent(key, k -> new HashSet<>());
        runs.add(runId);
        require(runs.size() <= 1, "hub " + key + " had " + runs.size() + " automatic syncs asked for in one due period: " + runs);
    }

    /** The workspace's hubs and cohorts as stored. */
    private record Stored(List<com.hubstatus.status.Hub> hubs, Map<ExternalApp, ValidationCohort> cohorts) {
    }

    /** Every hub of the workspace, app by app through the app index, and its cohorts. */
    private Stored readWorkspace() {
        // A hub is written with its cohort (connecting writes both), so the apps with a cohort are the
        // apps with hubs; a hub of any other app would be missing from the views and fail the comparison.
        Map<ExternalApp, ValidationCohort> cohorts = store.cohortsOf(workspace);
        List<com.hubstatus.status.Hub> hubs = new ArrayList<>();
        for (ExternalApp app : cohorts.keySet()) {
            Optional<String> cursor = Optional.empty();
            do {
                var page = store.listCohortHubs(workspace, app, cursor, 1000, Optional.empty());
                hubs.addAll(page.items());
                cursor = Optional.ofNullable(page.nextCursor());
            } while (cursor.isPresent());
        }
        return new Stored(hubs, cohorts);
    }

    /**
     * Compares every hub with the model: its status evaluated, as every read does, from the facts
     * stored (read again with one Query whenever the step wrote anything) at the clock's instant;
     * every few steps also through the read use cases themselves, {@code GET /hubs} (with its
     * counts) and {@code GET /hubs/{hubId}} of one hub in turn.
     */
    private void compareEveryHub(boolean wrote) {
        Instant now = now();
        if (wrote || stored == null) {
            stored = readWorkspace();
        }
        Map<String, StatusView> views = new HashMap<>();
        for (com.hubstatus.status.Hub hub : stored.hubs()) {
            views.put(keys.get(hub.hubId()), evaluator.evaluate(hub, stored.cohorts().get(hub.app()), now));
        }
        lastViews = views;
        require(views.keySet().equals(model.hubs().keySet()),
                "the workspace holds " + new TreeSet<>(views.keySet()) + ", the model " + new TreeSet<>(model.hubs().keySet()));
        for (String key : model.hubs().keySet()) {
            ReferenceModel.View expected = model.view(key, now);
            compare(key, expected, views.get(key), "the stored facts");
            trackPeriod(key, views.get(key));
            statistics.sawStatus(expected.status().name());
            expected.reasons().forEach(reason -> statistics.sawReason(reason.name()));
        }
        requireNobodyUnderValidationAfterFirstCompletion(views);
        requireRecordedAsPublished();
        if (++reads % READ_USE_CASES_EVERY == 0) {
            compareThroughTheReadUseCases(now);
        }
    }

    private void compareThroughTheReadUseCases(Instant now) {
        ListHubs.Listing listing = listHubs.list(owner(), new ListHubs.Query(EnumSet.allOf(HubStatus.class),
                Optional.empty(), 200, Optional.empty()));
        Map<String, StatusView> listed = listing.hubs().stream()
                .collect(Collectors.toMap(v -> keys.get(v.hub().hubId()), v -> v));
        require(listed.keySet().equals(model.hubs().keySet()),
                "GET /hubs lists " + new TreeSet<>(listed.keySet()) + ", the model has " + new TreeSet<>(model.hubs().keySet()));
        Map<ReferenceModel.Status, Integer> counts = new EnumMap<>(ReferenceModel.Status.class);
        for (String key : model.hubs().keySet()) {
            ReferenceModel.View expected = model.view(key, now);
            compare(key, expected, listed.get(key), "GET /hubs");
            counts.merge(expected.status(), 1, Integer::sum);
        }
        for (ReferenceModel.Status status : ReferenceModel.Status.values()) {
            int actual = listing.counts().get(HubStatus.valueOf(status.name()));
            require(actual == counts.getOrDefault(status, 0), "GET /hubs counts " + actual + " hubs " + status
                    + ", the model " + counts.getOrDefault(status, 0));
        }
        Set<String> queue = listReviews.list(TestSystem.operator(workspace), Optional.empty(), 100).reviews().stream()
                .map(review -> (review.hubId().isPresent() ? "hub " + keys.get(review.hubId().get()) : "integration "
                        + review.app().id()) + " " + review.reasons().stream().map(r -> r.code().name()).sorted().toList())
                .collect(Collectors.toCollection(TreeSet::new));
        require(queue.equals(model.reviewQueue()), "GET /reviews lists " + queue + ", the model " + model.reviewQueue());
        if (!model.hubs().isEmpty()) {
            String key = hub(reads / READ_USE_CASES_EVERY);
            compare(key, model.view(key, now), readHub.read(owner(), hubIds.get(key)), "GET /hubs/" + key);
        }
    }

    private void compare(String key, ReferenceModel.View expected, StatusView actual, String read) {
        Set<String> expectedReasons = expected.reasons().stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> actualReasons = actual.reasonCodes().stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        List<String> differences = new ArrayList<>();
        if (!expected.status().name().equals(actual.status().name())) {
            differences.add("status " + expected.status() + " / " + actual.status());
        }
        if (!expectedReasons.equals(actualReasons)) {
            differences.add("reasons " + expectedReasons + " / " + actualReasons);
        }
        if (!expected.next().name().equals(actual.nextAction().name())) {
            differences.add("next action " + expected.next() + " / " + actual.nextAction());
        }
        if (!expected.mustAct().name().equals(actual.mustAct().name())
                || !expected.mustAct().name().equals(actual.nextAction().actor().name())) {
            differences.add("who must act " + expected.mustAct() + " / " + actual.mustAct() + " (next action's actor "
                    + actual.nextAction().actor() + ")");
        }
        if (!actual.reasons().isEmpty() && actual.reasons().getFirst().code().status() != actual.status()) {
            differences.add("the first reason " + actual.reasons().getFirst().code() + " is not the status's");
        }
        if (!java.util.Objects.equals(expected.healthyUntil(), actual.healthyUntil())) {
            differences.add("healthy until " + expected.healthyUntil() + " / " + actual.healthyUntil());
        }
        if (!java.util.Objects.equals(expected.lastSuccess(), actual.lastSuccessAt())) {
            differences.add("last success " + expected.lastSuccess() + " / " + actual.lastSuccessAt());
        }
        Boolean lastSucceeded = actual.lastSyncAttempt() == null ? null : actual.lastSyncAttempt().hasSucceeded();
        if (!java.util.Objects.equals(expected.lastSyncSucceeded(), lastSucceeded)) {
            differences.add("last sync succeeded " + expected.lastSyncSucceeded() + " / " + lastSucceeded);
        }
        if (expected.syncAskedOrRunning() != (actual.syncRun() != null)) {
            differences.add("sync asked for or running " + expected.syncAskedOrRunning() + " / " + actual.syncRun());
        }
        if (expected.checkPending() != (actual.check() != null)) {
            differences.add("check waiting " + expected.checkPending() + " / " + actual.check());
        }
        require(differences.isEmpty(), read + ": hub " + key + " differs (model / system): " + String.join("; ", differences));
    }

    /** A hub's due period starts at its last success as the system reads it. */
    private void trackPeriod(String key, StatusView actual) {
        Instant since = actual.lastSuccessAt();
        if (since != null && !since.equals(automaticRunsSince.get(key))) {
            automaticRunsSince.put(key, since);
            automaticRuns.remove(key);
        }
    }

    /** Rule 1: no hub is Under validation once its cohort's first validation completed (as stored). */
    private void requireNobodyUnderValidationAfterFirstCompletion(Map<String, StatusView> views) {
        views.forEach((key, view) -> {
            ValidationCohort cohort = stored.cohorts().get(view.hub().app());
            require(cohort == null || cohort.isValidating() || view.status() != HubStatus.UNDER_VALIDATION,
                    "hub " + key + " is Under validation after its cohort's first validation completed");
        });
    }

    /**
     * Rule 8, exactly once: after a sweep, every hub past its automatic-sync time with nothing open that
     * a sync cannot pass, and no sync under way, had its automatic sync asked for in this due period (read
     * from the system's own answers).
     */
    private void requireAutomaticSyncsOfDueHubs() {
        Instant now = now();
        Set<String> blocking = Set.of("INTEGRATION_AUTOMATION_FAILED", "INTEGRATION_KNOWN_ISSUE", "CONFIGURATION_INVALID",
                "SERVICE_ACCOUNT_CREDENTIALS_INVALID", "SERVICE_ACCOUNT_MFA_NOT_MANAGED");
        for (Map.Entry<String, StatusView> entry : lastViews.entrySet()) {
            String key = entry.getKey();
            StatusView view = entry.getValue();
            boolean due = view.lastSuccessAt() != null && !now.isBefore(view.lastSuccessAt().plus(ReferenceModel.AUTOMATIC_SYNC_AFTER));
            boolean blocked = view.reasonCodes().stream().anyMatch(code -> blocking.contains(code.name()));
            if (due && !blocked) {
                require(view.syncRun() != null || automaticRuns.containsKey(key),
                        "hub " + key + " is due since " + view.lastSuccessAt().plus(ReferenceModel.AUTOMATIC_SYNC_AFTER)
                                + ", nothing blocks it, and the sweep asked for no automatic sync");
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private Caller owner() {
        return TestSystem.owner(workspace);
    }

    /** Makes a request the model has already answered ({@code expected}) and requires the same answer. */
    private Void refusable(String what, String of, Refusal expected, Runnable request) {
        Refusal actual = refusalOf(request);
        require(expected == actual, "a " + what + " of " + of + ": expected " + expected + ", the system " + actual);
        statistics.note(what + (actual == null ? " accepted" : " refused: " + actual));
        return null;
    }

    private static Refusal refusalOf(Runnable call) {
        try {
            call.run();
            return null;
        } catch (SyncAlreadyRunningException | CheckAlreadyRunningException | ValidationAlreadyRunningException e) {
            return Refusal.ALREADY_RUNNING;
        } catch (IntegrationNotFoundException e) {
            return Refusal.NOT_FOUND;
        }
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            fail(message);
        }
    }

    private void fail(String message) {
        StringBuilder text = new StringBuilder(message).append("\n  at ").append(now()).append(" after ")
                .append(log.size()).append(" steps:");
        for (int i = 0; i < log.size(); i++) {
            text.append("\n    ").append(i + 1).append(". ").append(log.get(i));
        }
        text.append("\n  model: ");
        model.hubs().values().forEach(h -> text.append("\n    ").append(h));
        text.append("\n  world: ").append(world);
        throw new AssertionError(text.toString());
    }
}
