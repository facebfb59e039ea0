package com.hubstatus.benchmark;

import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Warm invocations: each function on one JVM under the runtime interface client, a first (cold)
 * invocation, {@code warmUp} more, then {@code measured} timed one after another, from queuing the
 * event to the answer's arrival. The functions feed each other as in {@link Chain}: connect-hub
 * connects a hub in each of as many workspaces, read-status reads them, start-sync asks for their
 * syncs, run-sync runs what start-sync published, run-validation validates each workspace's
 * cohort, the sweep runs on its schedule. Then a warm read of one hub against a bare GetItem of an
 * item as large, both under the runtime, alternately.
 */
final class WarmInvocations {

    private final PrintStream out;
    private final Deployment deployment;
    private final LambdaProcess.LambdaRuntime runtime;
    private final Floors floors;
    private final Chain chain;
    private final DynamoDbClient dynamo;
    private final Path logs;

    WarmInvocations(PrintStream out, Deployment deployment, LambdaProcess.LambdaRuntime runtime, Floors floors,
                    LocalEventBridge bus, DynamoDbClient dynamo, Path logs) {
        this.out = out;
        this.deployment = deployment;
        this.runtime = runtime;
        this.floors = floors;
        this.chain = new Chain(bus);
        this.dynamo = dynamo;
        this.logs = logs;
    }

    void run(int warmUp, int measured, boolean perFunction, boolean read) {
        int n = warmUp + measured;
        String run = UUID.randomUUID().toString().substring(0, 8);
        Events events = chain.events();
        List<String[]> hubs = new ArrayList<>();
        Map<String, List<Double>> latencies = new LinkedHashMap<>();
        if (perFunction) {
            out.println();
            out.printf(Locale.ROOT, "warm invocations: one JVM per function under the runtime interface client; "
                    + "%d to warm up, then %d timed one after another (event queued to answer)%n", warmUp, measured);
            latencies.put(Floors.DO_NOTHING, timed(floors.doNothing(), warmUp, n, i -> "{}", a -> { }));
            latencies.put(Floors.BARE_SDK, timed(floors.bareSdk(), warmUp, n, i -> "{}", a -> { }));
        }
        // connect-hub makes the hubs the others work on, so it runs whenever they do.
        latencies.put(Chain.CONNECT, timed(lambda(Chain.CONNECT), warmUp, n,
                i -> events.connect(workspace(run, i), i), answer -> hubs.add(new String[] {
                        workspace(run, hubs.size()), Chain.hubId(answer)})));
        if (perFunction) {
            latencies.put(Chain.READ, timed(lambda(Chain.READ), warmUp, n,
                    i -> events.readHub(hubs.get(i)[0], hubs.get(i)[1]), a -> Events.ApiAnswer.of(a).expect(200)));
            latencies.put(Chain.START_SYNC, timed(lambda(Chain.START_SYNC), warmUp, n,
                    i -> events.startSync(hubs.get(i)[0], hubs.get(i)[1]), a -> Events.ApiAnswer.of(a).expect(202)));
            latencies.put(Chain.RUN_SYNC, timed(lambda(Chain.RUN_SYNC), warmUp, n,
                    i -> chain.syncRequested(hubs.get(i)[1]), a -> { }));
            latencies.put(Chain.VALIDATE, timed(lambda(Chain.VALIDATE), warmUp, n,
                    i -> chain.validationRequested(hubs.get(i)[0]), a -> { }));
            latencies.put(Chain.SWEEP, timed(lambda(Chain.SWEEP), warmUp, n, i -> chain.sweep(), a -> { }));
            out.printf(Locale.ROOT, "  %-24s %9s %9s %9s%n", "", "p50", "p99", "max");
            latencies.forEach((name, values) -> out.printf(Locale.ROOT, "  %-24s %6.2f ms %6.2f ms %6.2f ms%n", name,
                    Stats.percentile(values, 50), Stats.percentile(values, 99), Stats.max(values)));
        }
        if (read) {
            readAgainstBareGetItem(hubs.get(0), warmUp, measured);
        }
    }

    /** GET /hubs/{hubId} against the bare-SDK floor's GetItem of a copy of that hub's item, alternately. */
    private void readAgainstBareGetItem(String[] hub, int warmUp, int measured) {
        floors.placeCopyOf(hubItem(hub[1]));
        String event = chain.events().readHub(hub[0], hub[1]);
        List<Double> reads = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        List<Double> differences = new ArrayList<>();
        // One JVM at a time until each has answered once: the runtime interface client unpacks its
        // native library to the same file in every JVM, and two doing it at once can crash one.
        try (LambdaProcess readStatus = started(LambdaProcess.start(lambda(Chain.READ), runtime, log(Chain.READ)), event);
             LambdaProcess getItem = started(LambdaProcess.start(floors.bareSdk(), runtime, log(Floors.BARE_SDK)), "{}")) {
            for (int i = 0; i < warmUp + measured; i++) {
                double readMillis = Stats.millis(readStatus.timedInvoke(event));
                double bareMillis = Stats.millis(getItem.timedInvoke("{}"));
                if (i >= warmUp) {
                    reads.add(readMillis);
                    bare.add(bareMillis);
                    differences.add(readMillis - bareMillis);
                }
            }
        }
        double gap = Stats.median(reads) - Stats.median(bare);
        out.println();
        out.printf(Locale.ROOT, "warm read of one hub vs a bare GetItem (same DynamoDB, both under the runtime, alternately, "
                + "%d each after %d to warm up)%n", measured, warmUp);
        out.printf(Locale.ROOT, "  read-status GET /hubs/{hubId}   median %.2f ms  p99 %.2f ms%n", Stats.median(reads),
                Stats.percentile(reads, 99));
        out.printf(Locale.ROOT, "  bare-SDK GetItem, same item size median %.2f ms  p99 %.2f ms%n", Stats.median(bare),
                Stats.percentile(bare, 99));
        out.printf(Locale.ROOT, "  gap: %.2f ms between medians, %.2f ms median of pairwise gaps; target within 1 ms: %s%n",
                gap, Stats.median(differences), gap <= 1.0 ? "met"
                        : String.format(Locale.ROOT, "missed by %.2f ms", gap - 1.0));
    }

    /** The process, once it has answered its first invocation. */
    private static LambdaProcess started(LambdaProcess process, String event) {
        try {
            process.invoke(event);
            return process;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** The stored item of a hub: of the items naming it in their keys, the one with the most attributes. */
    private Map<String, AttributeValue> hubItem(String hubId) {
        return dynamo.scanPaginator(b -> b.tableName(deployment.tableName())).items().stream()
                .filter(item -> item.values().stream().anyMatch(v -> hubId.equals(v.s())
                        || (v.s() != null && v.s().endsWith(hubId))))
                .max(Comparator.comparingInt(Map::size))
                .orElseThrow(() -> new IllegalStateException("no item for " + hubId));
    }

    /** The first invocation (cold), {@code warmUp} more, then the timed ones; every answer goes to {@code onAnswer}. */
    private List<Double> timed(LambdaProcess.Function function, int warmUp, int n, IntFunction<String> event,
                               Consumer<String> onAnswer) {
        List<Double> millis = new ArrayList<>();
        try (LambdaProcess process = LambdaProcess.start(function, runtime, log(function.name()))) {
            for (int i = 0; i <= n; i++) {
                String payload = event.apply(i);
                long started = System.nanoTime();
                String answer = process.invoke(payload);
                double elapsed = (System.nanoTime() - started) / 1e6;
                onAnswer.accept(answer);
                if (i > warmUp) {
                    millis.add(elapsed);
                }
            }
        }
        return millis;
    }

    private LambdaProcess.Function lambda(String function) {
        return deployment.lambda(deployment.function(function));
    }

    private Path log(String name) {
        return logs.resolve(name.replace(' ', '-') + "-warm.log");
    }

    private static String workspace(String run, int i) {
        return "ws-warm-" + run + "-" + i;
    }
}
