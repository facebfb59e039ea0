package com.hubstatus.benchmark;

import com.hubstatus.local.dynamodb.api.Meter;
import com.hubstatus.local.emulators.EmbeddedDynamoDb;
import com.hubstatus.local.emulators.HubTableProvisioner;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.RecordedStatus;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.store.SeedItems;
import com.hubstatus.usecase.SweepStaleness;
import com.hubstatus.usecase.TimeBudget;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The staleness sweep over a large table: {@code hubs} hubs in workspaces of 1,000, every one
 * synced once, 1 % of them past the staleness threshold and so due, the rest synced two hours
 * ago (in the sweep index too, due later). The table lives in an engine of its own, loaded with
 * BatchWriteItem of the store's own item mapping; the sweep then runs once, in process, as the
 * function's environment builds it, and the engine's meter tells what it read and wrote.
 */
final class SweepAtScale {

    private static final int HUBS_PER_WORKSPACE = 1000;
    private static final int DUE_EVERY = 100;
    private static final List<ExternalApp> APPS = List.of(ExternalApp.GOOGLE_ADS, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER);

    private final PrintStream out;
    private final Deployment deployment;

    SweepAtScale(PrintStream out, Deployment deployment) {
        this.out = out;
        this.deployment = deployment;
    }

    void run(int hubs) throws Exception {
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(null, 0, clock);
             DynamoDbClient dynamo = engine.newClient()) {
            String table = HubTableProvisioner.create(dynamo, SamTemplate.ofRepository(), "hubs-sweep");
            Map<String, String> env = new HashMap<>(deployment.environment(deployment.function(Chain.SWEEP)));
            env.put(FunctionEnvironment.TABLE_NAME, table);
            env.put(FunctionEnvironment.DYNAMODB_ENDPOINT, engine.endpoint().toString());
            FunctionEnvironment function = new FunctionEnvironment(env, clock);

            long seeding = System.nanoTime();
            int due = seed(dynamo, table, new SeedItems(function.policy()), function.policy(), hubs, now);
            double seedSeconds = (System.nanoTime() - seeding) / 1e9;

            SweepStaleness sweep = function.sweepStaleness();
            engine.meter().reset();
            long started = System.nanoTime();
            SweepStaleness.Result result = sweep.run(TimeBudget.unlimited());
            double sweepMillis = (System.nanoTime() - started) / 1e6;
            Meter.Reading reading = engine.meter().reading();

            out.println();
            out.printf(Locale.ROOT, "sweep at %,d hubs, 1 %% due (%,d due; table loaded with BatchWriteItem in %.0f s; "
                    + "one run, in process, on the project's DynamoDB engine)%n", hubs, due, seedSeconds);
            out.printf(Locale.ROOT, "  run: %.0f ms; due hubs %,d, hubs changed %,d, sweep index entries read %,d%n",
                    sweepMillis, result.dueHubs(), result.hubsChanged(), result.sweepScannedCount());
            double perDue = Math.max(1, result.dueHubs());
            // Each hub is read by a GetItem with its workspace's cohorts' Query beside it (one item per app).
            long gets = reading.requests().getOrDefault("GetItem", 0L);
            long cohorts = gets * APPS.size();
            out.printf(Locale.ROOT, "  items read per due hub: %.2f (%.2f index entries, %.2f hubs by GetItem, %.2f cohorts by "
                    + "the Query beside it); %.2f read units, %.2f write units, %.2f requests%n",
                    (result.sweepScannedCount() + gets + cohorts) / perDue, result.sweepScannedCount() / perDue,
                    gets / perDue, cohorts / perDue,
                    reading.readUnits() / perDue, reading.writeUnits() / perDue, reading.totalRequests() / perDue);
            out.printf(Locale.ROOT, "  requests: %s; read units %.1f, write units %.1f in all%n", reading.requests(),
                    reading.readUnits(), reading.writeUnits());
            out.printf(Locale.ROOT, "  the %,d hubs not due: not read (index entries read - due hubs = %d)%n",
                    hubs - due, result.sweepScannedCount() - result.dueHubs());
        }
    }

    /** Loads the table: the hubs and each workspace's completed cohorts. Returns how many hubs are due. */
    private int seed(DynamoDbClient dynamo, String table, SeedItems items, StatusPolicy policy, int hubs, Instant now)
            throws Exception {
        Instant connected = now.minus(Duration.ofDays(30));
        Instant staleSuccess = now.minus(policy.stalenessThreshold()).minus(Duration.ofHours(1));
        Instant freshSuccess = now.minus(Duration.ofHours(2));
        List<Map<String, AttributeValue>> all = new ArrayList<>(hubs + hubs / HUBS_PER_WORKSPACE * APPS.size() + APPS.size());
        int due = 0;
        for (int w = 0; w * HUBS_PER_WORKSPACE < hubs; w++) {
            for (ExternalApp app : APPS) {
                all.add(items.cohort(new ValidationCohort(workspace(w), app, connected, connected, connected, null, null, 0)));
            }
        }
        for (int i = 0; i < hubs; i++) {
            boolean isDue = i % DUE_EVERY == 0;
            Instant success = isDue ? staleSuccess : freshSuccess;
            due += isDue ? 1 : 0;
            all.add(items.hub(Hub.builder()
                    .workspaceId(workspace(i / HUBS_PER_WORKSPACE))
                    .hubId(String.format(Locale.ROOT, "hub_%06d", i))
                    .app(APPS.get(i % APPS.size()))
                    .name("Hub " + i)
                    .businessId("3" + String.format(Locale.ROOT, "%09d", i))
                    .serviceAccountRef("sa-marketing")
                    .owners(Set.of(Events.OWNER))
                    .managers(Set.of())
                    .connectedAt(connected)
                    .problems(List.of())
                    .validatedRunId("run-seed")
                    .lastSuccessAt(success)
                    .recorded(new RecordedStatus(HubStatus.HEALTHY, success, List.of()))
                    .build()));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int from = 0; from < all.size(); from += 25) {
                List<WriteRequest> batch = all.subList(from, Math.min(all.size(), from + 25)).stream()
                        .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                        .toList();
                writes.add(pool.submit(() -> write(dynamo, table, batch)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
        return due;
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    private static String workspace(int w) {
        return String.format(Locale.ROOT, "ws-sweep-%03d", w);
    }
}
