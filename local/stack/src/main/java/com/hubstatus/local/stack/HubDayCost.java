package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.dynamodb.api.Meter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;

/**
 * What a hub costs to run on AWS, from what it uses on the local stack: starts a stack in this JVM,
 * connects hubs over HTTP, lets the clock run for some days of 5-minute steps (every sweep and
 * validation retry fires, every automatic sync runs) until the hubs are in their daily rhythm, then
 * measures one more day, then some API reads, listing pages and owner-run syncs one kind at a time.
 * For each it counts Lambda invocations and handler time per function, DynamoDB requests and
 * request units (the engine's meter, as on-demand bills them), events put on the bus, HTTP API
 * requests and the bytes the functions write to their logs; then it scans the table and its
 * indexes for the storage a hub takes. It prints those figures per hub-day and a month of
 * {@code --fleet} hubs priced with the list prices below, with the formula, so the figures can be
 * redone with other prices or usage.
 *
 * <p>{@code ./mvnw -q -pl local/stack -am -DskipTests -Pcost package}, with
 * {@code -Dcost.args="--hubs 200 --reads-per-hub-day 4"} to change the sizes and the usage assumed.
 */
public final class HubDayCost {

    // us-east-1 list prices (USD), arm64 Lambda, DynamoDB on-demand, HTTP API, standard log class.
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    static final double LAMBDA_PER_GB_SECOND = 0.0000133334;
    static final double DYNAMODB_PER_MILLION_WRU = 0.625;
    static final double DYNAMODB_PER_MILLION_RRU = 0.125;
    static final double DYNAMODB_PER_GB_MONTH = 0.25;
    static final double EVENTBRIDGE_PER_MILLION_EVENTS = 1.00;
    static final double HTTP_API_PER_MILLION_REQUESTS = 1.00;
    static final double LOGS_PER_GB_INGESTED = 0.50;
    static final double LOGS_PER_GB_MONTH_STORED = 0.03;
    static final double XRAY_PER_MILLION_TRACES = 5.00;
    /** X-Ray's default sampling: the first request each second, then 5 % of the rest. */
    static final double XRAY_SAMPLED = 0.05;
    /** What Lambda itself logs per invocation in the JSON log format (platform.start and platform.report). */
    static final int PLATFORM_LOG_BYTES_PER_INVOCATION = 600;
    static final double DAYS_PER_MONTH = 30.42;
    static final double GB = 1024.0 * 1024 * 1024;

    private final DevStack stack;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CountingStream functionOutput;
    private long apiRequests;

    private HubDayCost(DevStack stack, CountingStream functionOutput) {
        this.stack = stack;
        this.functionOutput = functionOutput;
    }

    public static void main(String[] args) throws Exception {
        int hubs = option(args, "--hubs", 100);
        int workspaces = option(args, "--workspaces", 4);
        int warmUpDays = option(args, "--warm-up-days", 2);
        double readsPerHubDay = decimal(args, "--reads-per-hub-day", 4);
        double pagesPerHubDay = decimal(args, "--pages-per-hub-day", 0.2);
        double ownerSyncsPerHubDay = decimal(args, "--owner-syncs-per-hub-day", 0.05);
        long fleet = option(args, "--fleet", 10_000_000);

        // Everything the functions print (their logs) is counted; the report goes to the real stdout.
        PrintStream report = System.out;
        CountingStream functionOutput = new CountingStream();
        PrintStream counting = new PrintStream(functionOutput, true, StandardCharsets.UTF_8);
        System.setOut(counting);
        System.setErr(counting);

        Path scratch = Files.createTempDirectory("hubstatus-cost");
        Path fixtures = scratch.resolve("simulated-apps.json");
        Files.writeString(fixtures, WORKING_APPS);
        try (DevStack stack = DevStack.start(StackOptions.defaults().withPort(0).withRequestLog(false)
                .withFixtures(fixtures), new PrintStream(OutputStream.nullOutputStream()))) {
            HubDayCost cost = new HubDayCost(stack, functionOutput);
            report.printf(Locale.ROOT, "hub-day cost model: %d hubs in %d workspaces, %d days to settle, then one day measured%n",
                    hubs, workspaces, warmUpDays);
            // What the schedules cost with no hub at all: paid once per deployment, not per hub.
            Usage before = cost.usage();
            cost.runClock(Duration.ofDays(1));
            Usage idleDay = cost.usage().minus(before);

            List<Hub> connected = cost.connect(hubs, workspaces);
            for (Hub hub : connected) {
                cost.sync(hub);
            }
            stack.awaitIdle(Duration.ofMinutes(5));
            cost.runClock(Duration.ofDays(warmUpDays));

            before = cost.usage();
            cost.runClock(Duration.ofDays(1));
            Usage day = cost.usage().minus(before).minus(idleDay).per(hubs);
            Map<String, Long> statuses = cost.statuses(connected);
            report.println("statuses after the measured day: " + statuses);

            int reads = hubs * 2;
            before = cost.usage();
            for (int i = 0; i < reads; i++) {
                cost.read(connected.get(i % connected.size()));
            }
            Usage read = cost.usage().minus(before).per(reads);

            int pages = workspaces * 10;
            before = cost.usage();
            for (int i = 0; i < pages; i++) {
                cost.firstPage(connected.get(i % workspaces));
            }
            Usage page = cost.usage().minus(before).per(pages);

            int syncs = Math.min(hubs, 100);
            before = cost.usage();
            for (int i = 0; i < syncs; i++) {
                cost.sync(connected.get(i));
            }
            stack.awaitIdle(Duration.ofMinutes(5));
            Usage sync = cost.usage().minus(before).per(syncs);

            Storage storage = cost.storage();

            Usage hubDay = day.plus(read.times(readsPerHubDay)).plus(page.times(pagesPerHubDay))
                    .plus(sync.times(ownerSyncsPerHubDay));
            Model model = new Model(fleet, hubDay, storage.bytes() / (double) hubs, cost.memoryByFunction());
            Model fixed = new Model(1, idleDay, 0, cost.memoryByFunction());
            report.print(render(day, read, page, sync, storage, hubs, readsPerHubDay, pagesPerHubDay,
                    ownerSyncsPerHubDay, hubDay, model, idleDay, fixed));
        } finally {
            System.setOut(report);
        }
    }

    /** Every business ID of the working apps works, so the hubs settle Healthy and sync daily. */
    private static final String WORKING_APPS = """
            {
              "apps": {
                "meta-business-manager": {"automation": "works", "businessIds": ["*"]},
                "google-ads": {"automation": "works", "businessIds": ["*"]},
                "linkedin-campaign-manager": {"automation": "works", "businessIds": ["*"]}
              }
            }
            """;

    private static final List<String> APPS = List.of("meta-business-manager", "google-ads", "linkedin-campaign-manager");

    private record Hub(String workspace, String token, String hubId) {
    }

    // ---- driving the stack ------------------------------------------------------------------------

    private List<Hub> connect(int hubs, int workspaces) throws IOException, InterruptedException, TimeoutException {
        List<String> tokens = new ArrayList<>();
        for (int w = 0; w < workspaces; w++) {
            tokens.add(stack.token("owner-" + w, "ws-cost-" + w, List.of()));
        }
        List<Hub> connected = new ArrayList<>();
        stack.pause();
        for (int i = 0; i < hubs; i++) {
            int w = i % workspaces;
            String body = "{\"app\":\"" + APPS.get(i / workspaces % APPS.size()) + "\",\"name\":\"Hub " + i
                    + "\",\"businessId\":\"" + String.format(Locale.ROOT, "7%09d", i) + "\",\"serviceAccount\":\"sa-cost\"}";
            JsonNode hub = send("POST", "/hubs", tokens.get(w), body, 201);
            connected.add(new Hub("ws-cost-" + w, tokens.get(w), hub.get("hubId").asText()));
        }
        stack.resume();
        stack.awaitIdle(Duration.ofMinutes(5));
        return connected;
    }

    /** Moves the clock in 5-minute steps, the validation retry schedule's period, letting each step's work finish. */
    private void runClock(Duration span) throws InterruptedException, TimeoutException {
        Duration step = Duration.ofMinutes(5);
        for (long i = 0; i < span.dividedBy(step); i++) {
            stack.advanceClock(step);
            stack.awaitIdle(Duration.ofMinutes(5));
        }
    }

    private void read(Hub hub) throws IOException, InterruptedException {
        send("GET", "/hubs/" + hub.hubId(), hub.token(), null, 200);
    }

    private void firstPage(Hub hub) throws IOException, InterruptedException {
        send("GET", "/hubs?limit=50", hub.token(), null, 200);
    }

    private void sync(Hub hub) throws IOException, InterruptedException {
        send("POST", "/hubs/" + hub.hubId() + "/sync", hub.token(), null, 202);
    }

    private Map<String, Long> statuses(List<Hub> hubs) throws IOException, InterruptedException {
        Map<String, Long> counts = new TreeMap<>();
        for (Hub hub : hubs) {
            JsonNode answer = send("GET", "/hubs/" + hub.hubId(), hub.token(), null, 200);
            counts.merge(answer.path("status").path("code").asText(), 1L, Long::sum);
        }
        return counts;
    }

    private JsonNode send(String method, String path, String token, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.apiEndpoint().resolve(path))
                .header("authorization", "Bearer " + token);
        if (body != null) {
            request.header("content-type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        apiRequests++;
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + " " + answer.body());
        }
        return Json.parse(answer.body());
    }

    // ---- what was used ----------------------------------------------------------------------------

    /** Counts of everything billed, in total or per unit (hub-day, request). */
    record Usage(Map<String, Double> invocations, Map<String, Double> handlerMillis, Map<String, Double> dynamoRequests,
                 double readUnits, double writeUnits, double busEvents, double apiRequests, double logBytes) {

        Usage minus(Usage earlier) {
            return combine(earlier, -1);
        }

        Usage plus(Usage other) {
            return combine(other, 1);
        }

        private Usage combine(Usage other, double sign) {
            return new Usage(add(invocations, other.invocations, sign), add(handlerMillis, other.handlerMillis, sign),
                    add(dynamoRequests, other.dynamoRequests, sign), readUnits + sign * other.readUnits,
                    writeUnits + sign * other.writeUnits, busEvents + sign * other.busEvents,
                    apiRequests + sign * other.apiRequests, logBytes + sign * other.logBytes);
        }

        Usage per(double units) {
            return times(1 / units);
        }

        Usage times(double factor) {
            return new Usage(scale(invocations, factor), scale(handlerMillis, factor), scale(dynamoRequests, factor),
                    readUnits * factor, writeUnits * factor, busEvents * factor, apiRequests * factor, logBytes * factor);
        }

        double totalInvocations() {
            return invocations.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double totalDynamoRequests() {
            return dynamoRequests.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Mean handler time of one invocation of {@code function}, in ms. */
        double meanMillis(String function) {
            double calls = invocations.getOrDefault(function, 0.0);
            return calls == 0 ? 0 : handlerMillis.getOrDefault(function, 0.0) / calls;
        }

        private static Map<String, Double> add(Map<String, Double> a, Map<String, Double> b, double sign) {
            Map<String, Double> sum = new TreeMap<>(a);
            b.forEach((key, value) -> sum.merge(key, sign * value, Double::sum));
            return sum;
        }

        private static Map<String, Double> scale(Map<String, Double> map, double factor) {
            Map<String, Double> scaled = new TreeMap<>();
            map.forEach((key, value) -> scaled.put(key, value * factor));
            return scaled;
        }
    }

    private Usage usage() {
        Map<String, Double> invocations = new TreeMap<>();
        Map<String, Double> millis = new TreeMap<>();
        for (LocalFunction function : stack.functions()) {
            LocalFunction.Usage usage = function.usage();
            invocations.put(function.name(), (double) usage.invocations());
            millis.put(function.name(), usage.handlerTime().toNanos() / 1e6);
        }
        Meter.Reading dynamo = stack.dynamoMeter().reading();
        Map<String, Double> requests = new TreeMap<>();
        dynamo.requests().forEach((operation, count) -> requests.put(operation, count.doubleValue()));
        return new Usage(invocations, millis, requests, dynamo.readUnits(), dynamo.writeUnits(), stack.busEvents(),
                apiRequests, functionOutput.count());
    }

    private Map<String, Integer> memoryByFunction() {
        Map<String, Integer> memory = new LinkedHashMap<>();
        stack.functions().forEach(function -> memory.put(function.name(), function.definition().memorySize()));
        return memory;
    }

    /** What the table holds: items and their billed size (each item's attributes plus 100 bytes), indexes included. */
    record Storage(long items, long bytes, Map<String, Long> bytesByIndex, Map<String, long[]> tableByKind) {
    }

    private Storage storage() {
        DynamoDbClient dynamo = stack.dynamoClient();
        String table = DevStack.TABLE_NAME;
        Map<String, Long> byIndex = new TreeMap<>();
        long[] items = {0};
        Map<String, long[]> byKind = new TreeMap<>();
        byIndex.put("table", scanBytes(dynamo, table, null, items, byKind));
        var description = dynamo.describeTable(b -> b.tableName(table)).table();
        List<String> indexes = new ArrayList<>();
        description.localSecondaryIndexes().forEach(index -> indexes.add(index.indexName()));
        description.globalSecondaryIndexes().stream()
                .filter(index -> index.indexStatus() == null || index.indexStatus() == IndexStatus.ACTIVE)
                .forEach(index -> indexes.add(index.indexName()));
        for (String index : indexes) {
            byIndex.put(index, scanBytes(dynamo, table, index, new long[1], new TreeMap<>()));
        }
        return new Storage(items[0], byIndex.values().stream().mapToLong(Long::longValue).sum(), byIndex, byKind);
    }

    /** The billed bytes of a table or index; {@code byKind} gets items and mean size by sort key prefix. */
    private static long scanBytes(DynamoDbClient dynamo, String table, String index, long[] items,
                                  Map<String, long[]> byKind) {
        AtomicLong bytes = new AtomicLong();
        dynamo.scanPaginator(b -> b.tableName(table).indexName(index)).items().forEach(item -> {
            long size = 100 + itemSize(item);
            bytes.addAndGet(size);
            items[0]++;
            AttributeValue sortKey = item.get("SK");
            String kind = sortKey == null || sortKey.s() == null ? "?" : sortKey.s().split("#", 2)[0];
            long[] kindTotals = byKind.computeIfAbsent(kind, k -> new long[2]);
            kindTotals[0]++;
            kindTotals[1] += size;
        });
        return bytes.get();
    }

    /** An item's size as DynamoDB counts it: attribute names and values in bytes. */
    static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    private static long valueSize(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return numberSize(value.n());
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
            return 1;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(HubDayCost::utf8).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToLong(HubDayCost::numberSize).sum();
        }
        if (value.hasBs()) {
            return value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToLong(element -> 1 + valueSize(element)).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream()
                    .mapToLong(entry -> 1 + utf8(entry.getKey()) + valueSize(entry.getValue())).sum();
        }
        return 0;
    }

    /** About one byte per two significant digits, plus one. */
    private static long numberSize(String number) {
        long digits = number.replaceAll("[^0-9]", "").replaceAll("^0+", "").length();
        return Math.max(1, (digits + 1) / 2) + 1;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Counts the bytes written through it and drops them. */
    static final class CountingStream extends OutputStream {
        private final AtomicLong count = new AtomicLong();

        @Override
        public void write(int b) {
            count.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count.addAndGet(len);
        }

        long count() {
            return count.get();
        }
    }

    // ---- the month --------------------------------------------------------------------------------

    /** A month of {@code fleet} hubs at the usage of one hub-day. */
    record Model(long fleet, Usage hubDay, double storageBytesPerHub, Map<String, Integer> memoryMb) {

        double hubDays() {
            return fleet * DAYS_PER_MONTH;
        }

        double lambdaRequests() {
            return hubDays() * hubDay.totalInvocations() / 1e6 * LAMBDA_PER_MILLION_REQUESTS;
        }

        /** GB-seconds: invocations x mean duration (rounded up to the millisecond) x memory. */
        double gbSecondsPerHubDay() {
            double gbSeconds = 0;
            for (Map.Entry<String, Double> calls : hubDay.invocations().entrySet()) {
                double billedMillis = Math.ceil(hubDay.meanMillis(calls.getKey()));
                gbSeconds += calls.getValue() * billedMillis / 1000 * memoryMb.getOrDefault(calls.getKey(), 1024) / 1024.0;
            }
            return gbSeconds;
        }

        double lambdaCompute() {
            return hubDays() * gbSecondsPerHubDay() * LAMBDA_PER_GB_SECOND;
        }

        double dynamoWrites() {
            return hubDays() * hubDay.writeUnits() / 1e6 * DYNAMODB_PER_MILLION_WRU;
        }

        double dynamoReads() {
            return hubDays() * hubDay.readUnits() / 1e6 * DYNAMODB_PER_MILLION_RRU;
        }

        double dynamoStorage() {
            return fleet * storageBytesPerHub / GB * DYNAMODB_PER_GB_MONTH;
        }

        double eventBridge() {
            return hubDays() * hubDay.busEvents() / 1e6 * EVENTBRIDGE_PER_MILLION_EVENTS;
        }

        double httpApi() {
            return hubDays() * hubDay.apiRequests() / 1e6 * HTTP_API_PER_MILLION_REQUESTS;
        }

        double logBytesPerHubDay() {
            return hubDay.logBytes() + hubDay.totalInvocations() * PLATFORM_LOG_BYTES_PER_INVOCATION;
        }

        double logs() {
            // Ingested once; with a 30-day retention about one month's worth is stored at any time.
            double gb = hubDays() * logBytesPerHubDay() / GB;
            return gb * LOGS_PER_GB_INGESTED + gb * LOGS_PER_GB_MONTH_STORED;
        }

        double tracing() {
            return hubDays() * hubDay.totalInvocations() * XRAY_SAMPLED / 1e6 * XRAY_PER_MILLION_TRACES;
        }

        double total() {
            return lambdaRequests() + lambdaCompute() + dynamoWrites() + dynamoReads() + dynamoStorage() + eventBridge()
                    + httpApi() + logs() + tracing();
        }
    }

    // ---- the report -------------------------------------------------------------------------------

    static String render(Usage day, Usage read, Usage page, Usage sync, Storage storage, int hubs, double readsPerHubDay,
                         double pagesPerHubDay, double ownerSyncsPerHubDay, Usage hubDay, Model model,
                         Usage idleDay, Model fixed) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%-38s %12s %12s %12s %12s%n", "measured on the local stack",
                "hub-day", "GET hub", "GET page", "owner sync"));
        out.append(String.format(Locale.ROOT, "%-38s %12s %12s %12s %12s%n", "", "(background)", "(one)", "(limit 50)", "(one)"));
        for (String function : hubDay.invocations().keySet()) {
            if (hubDay.invocations().get(function) <= 0 && day.invocations().getOrDefault(function, 0.0) <= 0) {
                continue;
            }
            out.append(row("  " + function + " invocations", day.invocations().get(function), read.invocations().get(function),
                    page.invocations().get(function), sync.invocations().get(function)));
            out.append(String.format(Locale.ROOT, "  %-36s %12.1f %12.1f %12.1f %12.1f%n", "  mean handler ms",
                    day.meanMillis(function), read.meanMillis(function), page.meanMillis(function), sync.meanMillis(function)));
        }
        out.append(row("DynamoDB requests", day.totalDynamoRequests(), read.totalDynamoRequests(),
                page.totalDynamoRequests(), sync.totalDynamoRequests()));
        out.append(row("  read request units", day.readUnits(), read.readUnits(), page.readUnits(), sync.readUnits()));
        out.append(row("  write request units", day.writeUnits(), read.writeUnits(), page.writeUnits(), sync.writeUnits()));
        out.append(row("EventBridge events put", day.busEvents(), read.busEvents(), page.busEvents(), sync.busEvents()));
        out.append(row("HTTP API requests", day.apiRequests(), read.apiRequests(), page.apiRequests(), sync.apiRequests()));
        out.append(row("function log bytes", day.logBytes(), read.logBytes(), page.logBytes(), sync.logBytes()));
        out.append(String.format(Locale.ROOT, "DynamoDB requests of a background hub-day by operation: %s%n",
                rounded(day.dynamoRequests())));
        out.append(String.format(Locale.ROOT, "storage: %d items, %.0f bytes per hub (table and indexes, 100 bytes of overhead per item): %s%n",
                storage.items(), storage.bytes() / (double) hubs, storage.bytesByIndex()));
        storage.tableByKind().forEach((kind, totals) -> out.append(String.format(Locale.ROOT,
                "  %-12s %6d items, %6.0f bytes each on average%n", kind, totals[0], totals[1] / (double) totals[0])));

        out.append(String.format(Locale.ROOT, "%none hub-day = background + %.2f GET hub + %.2f GET page + %.2f owner syncs:%n",
                readsPerHubDay, pagesPerHubDay, ownerSyncsPerHubDay));
        out.append(String.format(Locale.ROOT,
                "  %.3f Lambda invocations, %.4f GB-s, %.3f RRU, %.3f WRU, %.3f events, %.2f API requests, %.0f log bytes (%d per invocation from Lambda itself)%n",
                hubDay.totalInvocations(), model.gbSecondsPerHubDay(), hubDay.readUnits(), hubDay.writeUnits(),
                hubDay.busEvents(), hubDay.apiRequests(), model.logBytesPerHubDay(), PLATFORM_LOG_BYTES_PER_INVOCATION));

        out.append(String.format(Locale.ROOT, "%n%,d hubs for a month (%.2f days), us-east-1 list prices:%n", model.fleet(), DAYS_PER_MONTH));
        out.append(money("Lambda requests", model.lambdaRequests(), "$0.20 per million"));
        out.append(money("Lambda compute (arm64)", model.lambdaCompute(), "$0.0000133334 per GB-s"));
        out.append(money("DynamoDB writes (on-demand)", model.dynamoWrites(), "$0.625 per million WRU"));
        out.append(money("DynamoDB reads (on-demand)", model.dynamoReads(), "$0.125 per million RRU"));
        out.append(money("DynamoDB storage", model.dynamoStorage(), "$0.25 per GB-month"));
        out.append(money("EventBridge custom events", model.eventBridge(), "$1.00 per million"));
        out.append(money("API Gateway HTTP API", model.httpApi(), "$1.00 per million"));
        out.append(money("CloudWatch Logs", model.logs(), "$0.50 per GB ingested + $0.03 per GB-month"));
        out.append(money("X-Ray traces (5 % sampled)", model.tracing(), "$5.00 per million"));
        out.append(money("total", model.total(), String.format(Locale.ROOT, "$%.5f per hub-month", model.total() / model.fleet())));
        out.append(String.format(Locale.ROOT,
                "%nthe schedules with no hub (once per deployment, in the figures above per hub-day not at all): a day is%n"
                        + "  %.0f invocations %s, %.0f DynamoDB requests, %.1f RRU: %.2f USD a month%n",
                idleDay.totalInvocations(), rounded(idleDay.invocations()), idleDay.totalDynamoRequests(), idleDay.readUnits(),
                fixed.total()));
        return out.toString();
    }

    private static String row(String label, Double... values) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-38s", label));
        for (Double value : values) {
            line.append(String.format(Locale.ROOT, " %12.3f", value == null ? 0 : value));
        }
        return line.append('\n').toString();
    }

    private static String money(String label, double dollars, String price) {
        return String.format(Locale.ROOT, "  %-30s %,12.0f USD   (%s)%n", label, dollars, price);
    }

    private static Map<String, String> rounded(Map<String, Double> values) {
        Map<String, String> rounded = new TreeMap<>();
        values.forEach((key, value) -> {
            if (value > 0) {
                rounded.put(key, String.format(Locale.ROOT, "%.3f", value));
            }
        });
        return rounded;
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static double decimal(String[] args, String name, double fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Double.parseDouble(args[i + 1]);
            }
        }
        return fallback;
    }
}
