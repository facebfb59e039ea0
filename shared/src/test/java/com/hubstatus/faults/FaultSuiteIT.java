package com.hubstatus.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.SyncAlreadyRunningException;
import com.hubstatus.status.SyncResult;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.testing.DynamoDbBackend;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.usecase.CheckHub;
import com.hubstatus.usecase.ConnectHub;
import com.hubstatus.usecase.RetryDueWork;
import com.hubstatus.usecase.RunSync;
import com.hubstatus.usecase.StatusRecorder;
import com.hubstatus.usecase.SweepStaleness;
import com.hubstatus.usecase.TimeBudget;
import com.hubstatus.usecase.ValidateCohort;
import com.hubstatus.usecase.port.ConcurrentChangeException;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;
import com.hubstatus.usecase.port.HubWithCohort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system under the faults a cloud deployment meets: duplicate and concurrent deliveries,
 * EventBridge refusing calls and entries, DynamoDB failing the write of an outcome, a function
 * killed mid-sync, owners pressing "sync" at once, users connecting many hubs of a new app at
 * once. Faults are injected at the HTTP boundary of the real SDK clients ({@link FaultProxy})
 * or, for a dying function, by the external app's call never returning to the use case. Each
 * test prints its figures.
 */
@ExtendWith(DynamoDbBackend.class)
class FaultSuiteIT {

    private static FaultProxy dynamoDb;
    private static FaultProxy eventBus;
    private static TestSystem system;
    private static final CountingApp APP = new CountingApp();

    @BeforeAll
    static void start() {
        system = TestSystem.behind(
                endpoint -> (dynamoDb = new FaultProxy(endpoint)).endpoint(),
                endpoint -> (eventBus = new FaultProxy(endpoint)).endpoint());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {system, dynamoDb, eventBus}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void reset() {
        dynamoDb.heal();
        eventBus.heal();
        APP.reset();
        system.bus.clear();
    }

    // ---- duplicate deliveries ----------------------------------------------------------------------

    @Test
    void aThousandDuplicateDeliveriesChangeNothingTwiceAndReachTheAppAtMostOncePerRequest() throws Exception {
        // given: 40 hubs with a sync asked for, 40 with a check asked for, 20 new integrations to validate
        List<Hub> syncing = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Hub hub = system.validatedHub("ws-dup-sync", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "B" + i, "sa-marketing");
            system.startSync().start(user(OWNER, "ws-dup-sync"), hub.hubId());
            syncing.add(hub);
        }
        system.validatedHub("ws-dup-check", ExternalApp.GOOGLE_ADS, "C-first", "sa-marketing");
        List<Hub> checking = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            checking.add(system.connect("ws-dup-check", ExternalApp.GOOGLE_ADS, "C" + i, "sa-marketing"));
        }
        List<Hub> validating = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            for (int i = 0; i < 3; i++) {
                validating.add(system.connect("ws-dup-val-" + w, ExternalApp.META_BUSINESS_MANAGER, "V" + w + "-" + i,
                        "sa-marketing"));
            }
        }
        List<DomainEvent> requests = new ArrayList<>();
        Map<String, String> workspaceOfType = Map.of(EventCodec.SYNC_REQUESTED, "ws-dup-sync",
                EventCodec.CHECK_REQUESTED, "ws-dup-check", EventCodec.VALIDATION_REQUESTED, "ws-dup-val-");
        workspaceOfType.forEach((type, workspace) -> system.published(type).stream()
                .filter(event -> event.detail().get("workspaceId").asText().startsWith(workspace))
                .forEach(event -> requests.add(EventCodec.decode(event.detailType(), event.detail()))));
        assertEquals(100, requests.size());

        // when: each request is delivered ten times, five with its own event id and five with fresh
        // ones (as when it is asked for again), all at once, in random order
        List<DomainEvent> deliveries = new ArrayList<>();
        for (DomainEvent request : requests) {
            for (int copy = 0; copy < 5; copy++) {
                deliveries.add(request);
                deliveries.add(withEventId(request, "evt-copy-" + UUID.randomUUID()));
            }
        }
        Collections.shuffle(deliveries, new Random(7));
        RunSync runSync = system.runSync(APP);
        CheckHub checkHub = system.checkHub(APP);
        ValidateCohort validateCohort = system.validateCohort(APP, 1000);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        inParallel(16, deliveries, delivery -> {
            String outcome = switch (delivery) {
                case DomainEvent.SyncRequested sync -> runSync.run(sync).name();
                case DomainEvent.CheckRequested check -> checkHub.run(check).name();
                case DomainEvent.ValidationRequested validation ->
                        validateCohort.run(validation, TimeBudget.unlimited()).outcome().name();
                default -> throw new IllegalStateException(delivery.toString());
            };
            outcomes.computeIfAbsent(delivery.getClass().getSimpleName() + " " + outcome, k -> new AtomicInteger())
                    .incrementAndGet();
        });

        // then: every request did its work once
        int doubleTransitions = 0;
        for (Hub hub : syncing) {
            assertEquals(HubStatus.HEALTHY, status(hub));
            doubleTransitions += Math.max(0, transitions(hub, TransitionCause.SYNC_SUCCEEDED) - 1);
        }
        for (Hub hub : checking) {
            assertEquals(null, system.store.findHub(hub.workspaceId(), hub.hubId()).orElseThrow().check());
        }
        for (Hub hub : validating) {
            assertEquals(HubStatus.REQUIRES_SYNC, status(hub));
            doubleTransitions += Math.max(0, transitions(hub, TransitionCause.VALIDATION_COMPLETED) - 1);
        }
        int mostSyncCalls = syncing.stream().mapToInt(hub -> APP.syncsOf(hub.hubId())).max().orElseThrow();
        int mostCheckCalls = Stream.concat(checking.stream(), validating.stream())
                .mapToInt(hub -> APP.checksOf(hub.hubId())).max().orElseThrow();
        System.out.printf("fault suite: %d duplicate deliveries of %d requests -> %d double transitions; external calls "
                        + "per request at most %d (syncs) and %d (checks); %d syncs and %d checks in all; outcomes %s%n",
                deliveries.size(), requests.size(), doubleTransitions, mostSyncCalls, mostCheckCalls, APP.syncs(),
                APP.checks(), new TreeMap<>(outcomes));
        assertEquals(0, doubleTransitions);
        assertEquals(1, mostSyncCalls);
        assertEquals(1, mostCheckCalls);
    }

    // ---- publication failures ----------------------------------------------------------------------

    @Test
    void withThirtyPercentOfPutEventsCallsAndEntriesFailingNoEventIsLost() {
        // given: EventBridge refuses 30 % of PutEvents calls and 30 % of the entries of the others
        Random random = new Random(11);
        eventBus.inject(request -> failSomePutEvents(request, random));
        WrittenEvents written = new WrittenEvents();
        dynamoDb.observe(written);
        StatusRecorder recorder = new StatusRecorder(system.store, system.relay, system.clock);
        ConnectHub connectHub = new ConnectHub(recorder, system.transitions);
        ValidateCohort validateCohort = new ValidateCohort(recorder, system.transitions, APP, 1000);

        // when: 30 hubs are connected, validated, synced, while publication keeps failing
        List<String> hubIds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            hubIds.add(connectHub.connect(user(OWNER, "ws-publish"), new ConnectHub.Request(ExternalApp.GOOGLE_ADS,
                    "Hub " + i, "P" + i, "sa-marketing", Set.of())).hub().hubId());
        }
        ValidationCohort cohort = system.store.findCohort("ws-publish", ExternalApp.GOOGLE_ADS).orElseThrow();
        validateCohort.run(new DomainEvent.ValidationRequested("evt-publish", system.clock.instant(), "ws-publish",
                ExternalApp.GOOGLE_ADS, cohort.run().runId(), cohort.run().kind()), TimeBudget.unlimited());
        long failedWhileWorking = eventBus.injected();
        eventBus.heal();

        // and: the sweep runs after EventBridge recovers
        system.clock.advance(Duration.ofMinutes(2));
        SweepStaleness.Result sweep = new SweepStaleness(recorder, system.transitions).run(TimeBudget.unlimited());

        // then: every event written is on the bus, and the outbox is empty
        Set<String> onTheBus = new HashSet<>();
        system.bus.events().forEach(event -> onTheBus.add(event.detail().get("eventId").asText()));
        Set<String> lost = new HashSet<>(written.ids());
        lost.removeAll(onTheBus);
        System.out.printf("fault suite: PutEvents failing 30 %% of calls and of entries: %d events written, %d refusals "
                        + "injected, %d published later by the sweep, %d lost, %d still in the outbox%n",
                written.ids().size(), failedWhileWorking, sweep.eventsRepublished(), lost.size(),
                system.store.unpublished(system.clock.instant(), 1000).size());
        assertTrue(failedWhileWorking > 0, "the fault was injected");
        assertEquals(Set.of(), lost);
        assertEquals(List.of(), system.store.unpublished(system.clock.instant(), 1000));
    }

    /** Answers 30 % of PutEvents calls with a 500; drops 30 % of the entries of the others, as failed entries. */
    private static FaultProxy.Action failSomePutEvents(FaultProxy.Fault.Request request, Random random) {
        synchronized (random) {
            if (random.nextDouble() < 0.3) {
                return FaultProxy.Action.fail(500, "{\"__type\":\"InternalException\",\"message\":\"injected\"}");
            }
            JsonNode body = readTree(request.body());
            ArrayNode entries = (ArrayNode) body.get("Entries");
            List<Boolean> dropped = new ArrayList<>();
            ArrayNode kept = Json.mapper().createArrayNode();
            for (JsonNode entry : entries) {
                boolean drop = random.nextDouble() < 0.3;
                dropped.add(drop);
                if (!drop) {
                    kept.add(entry);
                }
            }
            if (!dropped.contains(true)) {
                return FaultProxy.Action.forward();
            }
            if (kept.isEmpty()) {
                ArrayNode failedEntries = Json.mapper().createArrayNode();
                dropped.forEach(d -> failedEntries.add(Json.mapper().createObjectNode().put("ErrorCode", "InternalFailure")
                        .put("ErrorMessage", "injected")));
                return FaultProxy.Action.fail(200, Json.mapper().createObjectNode().put("FailedEntryCount", dropped.size())
                        .set("Entries", failedEntries).toString());
            }
            ObjectNode forwarded = ((ObjectNode) body.deepCopy()).set("Entries", kept);
            return FaultProxy.Action.forward(forwarded.toString(), answer -> {
                JsonNode accepted = readTree(answer).get("Entries");
                ArrayNode merged = Json.mapper().createArrayNode();
                int next = 0;
                for (boolean drop : dropped) {
                    merged.add(drop ? Json.mapper().createObjectNode().put("ErrorCode", "InternalFailure")
                            .put("ErrorMessage", "injected") : accepted.get(next++));
                }
                int failed = (int) dropped.stream().filter(d -> d).count();
                return Json.mapper().createObjectNode().put("FailedEntryCount", failed).set("Entries", merged).toString();
            });
        }
    }

    // ---- lost outcomes ------------------------------------------------------------------------------

    @Test
    void noSyncIsLeftWithoutAnOutcomeWhenItsOutcomeCannotBeWrittenOrItsFunctionDies() {
        // given: 30 validated hubs, each with a sync asked for
        List<Hub> hubs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Hub hub = system.validatedHub("ws-outcome", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "O" + i, "sa-marketing");
            system.startSync().start(user(OWNER, "ws-outcome"), hub.hubId());
            hubs.add(hub);
        }
        Map<String, DomainEvent.SyncRequested> requests = syncRequests();
        RunSync runSync = system.runSync(APP);
        int failedInvocations = 0;

        // when: for ten of them DynamoDB fails every write of the outcome while the function and its
        // two retries run (the delivery then goes to the dead-letter queue)
        dynamoDb.inject(request -> request.body().contains("\"lastSync\"")
                ? FaultProxy.Action.fail(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                        + "\"message\":\"injected\"}")
                : FaultProxy.Action.forward());
        for (Hub hub : hubs.subList(0, 10)) {
            for (int invocation = 0; invocation < 3; invocation++) {
                failedInvocations += failsWith(() -> runSync.run(requests.get(hub.hubId())));
            }
        }
        // and: for ten more it fails the first invocation only; Lambda's retry then succeeds
        for (Hub hub : hubs.subList(10, 20)) {
            failedInvocations += failsWith(() -> runSync.run(requests.get(hub.hubId())));
        }
        dynamoDb.heal();
        for (Hub hub : hubs.subList(10, 20)) {
            assertEquals(RunSync.Outcome.SUCCEEDED, runSync.run(requests.get(hub.hubId())),
                    "a retry of the failed delivery takes the run up at once");
        }
        // and: for the last ten the function dies during the external call
        RunSync dying = system.runSync(new DyingApp());
        for (Hub hub : hubs.subList(20, 30)) {
            failedInvocations += failsWith(() -> dying.run(requests.get(hub.hubId())));
        }
        int withoutOutcomeBefore = withoutOutcome(hubs);
        system.bus.clear();

        // and: the retry schedule runs once the leases have lapsed, and what it asks for is delivered
        system.clock.advance(Duration.ofMinutes(16));
        RetryDueWork.Result retried = system.retryDueWork().run();
        syncRequests().values().forEach(runSync::run);

        // then
        int withoutOutcome = withoutOutcome(hubs);
        System.out.printf("fault suite: 30 syncs, %d invocations failed (outcome write refused by DynamoDB, or killed "
                        + "mid-sync) -> %d without an outcome before the retry schedule, %d asked for again by it, "
                        + "%d without an outcome after it%n",
                failedInvocations, withoutOutcomeBefore, retried.hubsAskedAgain(), withoutOutcome);
        assertEquals(50, failedInvocations);
        assertEquals(20, withoutOutcomeBefore);
        assertEquals(0, withoutOutcome);
        hubs.forEach(hub -> assertEquals(HubStatus.HEALTHY, status(hub)));
    }

    /** Syncs asked for, or running, without a recorded outcome. */
    private static int withoutOutcome(List<Hub> hubs) {
        return (int) hubs.stream()
                .map(hub -> system.store.findHub(hub.workspaceId(), hub.hubId()).orElseThrow())
                .filter(hub -> hub.syncRun() != null || hub.lastSync() == null)
                .count();
    }

    private static int failsWith(Runnable invocation) {
        try {
            invocation.run();
            return 0;
        } catch (RuntimeException | Killed e) {
            return 1;
        }
    }

    // ---- owners and users at once -------------------------------------------------------------------

    @Test
    void fiftyPressesOfSyncByItsOwnersAtOnceStartOneSync() throws Exception {
        // given: a hub with ten owners
        Hub hub = system.validatedHub("ws-press", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "S1", "sa-marketing");
        Set<String> owners = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            owners.add("owner-" + i);
        }
        owners.add(OWNER);
        system.changeHub().change(user(OWNER, "ws-press"), hub.hubId(), new HubTransitions.HubChange(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(owners), Optional.empty()));
        system.bus.clear();

        // when
        AtomicInteger started = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Integer> presses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            presses.add(i);
        }
        inParallel(50, presses, i -> {
            try {
                system.startSync().start(user(i % 10 == 9 ? OWNER : "owner-" + (i % 10), "ws-press"), hub.hubId());
                started.incrementAndGet();
            } catch (SyncAlreadyRunningException e) {
                refused.incrementAndGet();
            }
        });

        // then
        System.out.printf("fault suite: 10 owners pressing sync 50 times at once -> %d sync started, %d told one is running, "
                + "%d Sync Requested published%n", started.get(), refused.get(), system.published(EventCodec.SYNC_REQUESTED).size());
        assertEquals(1, started.get());
        assertEquals(49, refused.get());
        assertEquals(1, system.published(EventCodec.SYNC_REQUESTED).size());
    }

    @Test
    void fiftyHubsOfANewAppConnectedAtOnceAreNeverRefusedAndAllLeaveUnderValidationWhenItCompletes() throws Exception {
        // given: a validation executor that takes each Validation Requested as the bus accepts it
        ValidateCohort validateCohort = system.validateCohort(APP, 1000);
        ExecutorService validations = Executors.newVirtualThreadPerTaskExecutor();
        ConcurrentLinkedQueue<String> validationOutcomes = new ConcurrentLinkedQueue<>();
        system.bus.onAccepted(event -> {
            if (event.detailType().equals(EventCodec.VALIDATION_REQUESTED)
                    && event.detail().get("workspaceId").asText().equals("ws-rush")) {
                validations.submit(() -> validationOutcomes.add(validateCohort.run((DomainEvent.ValidationRequested)
                        EventCodec.decode(event.detailType(), event.detail()), TimeBudget.unlimited()).outcome().name()));
            }
        });

        // when: fifty users connect a hub of the app at once
        AtomicInteger conflicts = new AtomicInteger();
        List<String> hubIds = Collections.synchronizedList(new ArrayList<>());
        List<Integer> users = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            users.add(i);
        }
        inParallel(50, users, i -> {
            try {
                hubIds.add(system.connectHub().connect(user("user-" + i, "ws-rush"), new ConnectHub.Request(
                        ExternalApp.TIKTOK_BUSINESS_CENTER, "Hub " + i, "R" + i, "sa-marketing", Set.of())).hub().hubId());
            } catch (ConcurrentChangeException e) {
                conflicts.incrementAndGet();
            }
        });
        long connected = System.nanoTime();
        validations.shutdown();
        assertTrue(validations.awaitTermination(60, TimeUnit.SECONDS));
        long settled = System.nanoTime();

        // then
        List<HubStatus> statuses = hubIds.stream()
                .map(id -> status(system.store.findHub("ws-rush", id).orElseThrow())).toList();
        System.out.printf("fault suite: 50 hubs of a new app connected at once -> %d refused with 409, %d validation "
                        + "invocations %s, every hub out of Under validation %d ms after the last connect%n",
                conflicts.get(), validationOutcomes.size(), validationOutcomes,
                TimeUnit.NANOSECONDS.toMillis(settled - connected));
        assertEquals(0, conflicts.get());
        assertEquals(50, hubIds.size());
        assertTrue(statuses.stream().noneMatch(status -> status == HubStatus.UNDER_VALIDATION), statuses.toString());
        assertTrue(system.store.findCohort("ws-rush", ExternalApp.TIKTOK_BUSINESS_CENTER).orElseThrow().run() == null,
                "the validation completed in one run");
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    private static HubStatus status(Hub hub) {
        HubWithCohort found = system.store.findHubWithCohort(hub.workspaceId(), hub.hubId()).orElseThrow();
        return system.transitions.evaluator().evaluate(found.hub(), found.cohort(), system.clock.instant()).status();
    }

    private static int transitions(Hub hub, TransitionCause cause) {
        return (int) system.store.history(hub.workspaceId(), hub.hubId(), Optional.empty(), 100).items().stream()
                .filter(entry -> entry.cause() == cause).count();
    }

    private static Map<String, DomainEvent.SyncRequested> syncRequests() {
        Map<String, DomainEvent.SyncRequested> requests = new ConcurrentHashMap<>();
        for (BusEvent event : system.published(EventCodec.SYNC_REQUESTED)) {
            DomainEvent.SyncRequested request = (DomainEvent.SyncRequested) EventCodec.decode(event.detailType(), event.detail());
            requests.put(request.hubId(), request);
        }
        return requests;
    }

    private static DomainEvent withEventId(DomainEvent event, String eventId) {
        return switch (event) {
            case DomainEvent.SyncRequested e -> new DomainEvent.SyncRequested(eventId, e.occurredAt(), e.workspaceId(),
                    e.hubId(), e.runId(), e.trigger());
            case DomainEvent.CheckRequested e -> new DomainEvent.CheckRequested(eventId, e.occurredAt(), e.workspaceId(),
                    e.hubId(), e.checkId());
            case DomainEvent.ValidationRequested e -> new DomainEvent.ValidationRequested(eventId, e.occurredAt(),
                    e.workspaceId(), e.app(), e.runId(), e.kind());
            default -> throw new IllegalArgumentException(event.toString());
        };
    }

    private interface Work<T> {
        void run(T item) throws Exception;
    }

    /** Runs the work on every item from {@code threads} threads released together. */
    private static <T> void inParallel(int threads, List<T> items, Work<T> work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    go.await();
                    work.run(item);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The external app, passing every check and sync, counting the calls that reach it per hub. */
    private static final class CountingApp implements ExternalAppGateway {
        private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> syncs = new ConcurrentHashMap<>();

        void reset() {
            checks.clear();
            syncs.clear();
        }

        int checksOf(String hubId) {
            return checks.getOrDefault(hubId, new AtomicInteger()).get();
        }

        int syncsOf(String hubId) {
            return syncs.getOrDefault(hubId, new AtomicInteger()).get();
        }

        int checks() {
            return checks.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        int syncs() {
            return syncs.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        @Override
        public CheckResult check(HubRef hub) {
            checks.computeIfAbsent(hub.hubId(), id -> new AtomicInteger()).incrementAndGet();
            return CheckResult.passed();
        }

        @Override
        public SyncResult sync(HubRef hub, String runId) {
            syncs.computeIfAbsent(hub.hubId(), id -> new AtomicInteger()).incrementAndGet();
            return SyncResult.succeeded();
        }
    }

    /** The function running the sync dies during the external call: nothing after it runs. */
    private static final class Killed extends Error {
        Killed() {
            super("the function was killed", null, false, false);
        }
    }

    private static final class DyingApp implements ExternalAppGateway {
        @Override
        public CheckResult check(HubRef hub) {
            throw new Killed();
        }

        @Override
        public SyncResult sync(HubRef hub, String runId) {
            throw new Killed();
        }
    }

    /** Notes, at the HTTP boundary, the id of every event a successful write put in the outbox. */
    private static final class WrittenEvents implements FaultProxy.Observer {
        private static final Pattern OUTBOX_ENTRY = Pattern.compile("\"OUTBOX#(evt_[A-Za-z0-9]+)\"");
        private final Set<String> ids = ConcurrentHashMap.newKeySet();

        Set<String> ids() {
            return Set.copyOf(ids);
        }

        @Override
        public void seen(FaultProxy.Fault.Request request, int status, String answer) {
            boolean writes = request.target().endsWith(".TransactWriteItems") || request.target().endsWith(".PutItem");
            if (writes && status == 200) {
                Matcher entry = OUTBOX_ENTRY.matcher(request.body());
                while (entry.find()) {
                    ids.add(entry.group(1));
                }
            }
        }
    }
}
