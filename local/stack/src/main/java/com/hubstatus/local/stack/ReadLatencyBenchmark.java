package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How fast the local stack starts and answers {@code GET /hubs/{hubId}}: starts a stack in this
 * JVM, connects hubs over HTTP, lets their validation finish, warms up, then times reads one after
 * another and prints the distribution. Figures to read, not assertions: run it on a quiet machine.
 *
 * <p>{@code ./mvnw -q -pl local/stack -am -DskipTests -Pbenchmark package}, with
 * {@code -Dbenchmark.args="--hubs 200 --reads 2000 --warmup 500"} to change the sizes.
 */
public final class ReadLatencyBenchmark {

    private ReadLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int hubs = option(args, "--hubs", 200);
        int reads = option(args, "--reads", 2000);
        int warmup = option(args, "--warmup", 500);

        // The functions in this JVM log to standard output; the figures go to the console alone.
        PrintStream report = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        Path scratch = Files.createTempDirectory("hubstatus-benchmark");
        try (DevStack stack = DevStack.start(StackOptions.defaults().withPort(0).withRequestLog(false)
                .withFixtures(scratch.resolve("simulated-apps.json")))) {
            Duration sinceJvmStart = Duration.between(jvmStart, Instant.now());
            report.printf(Locale.ROOT, "start-up: ready in %d ms (DevStack.start), %d ms since the JVM started%n",
                    stack.startupTime().toMillis(), sinceJvmStart.toMillis());

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI api = stack.apiEndpoint();
            String token = stack.token("bench-owner", "ws-bench", List.of());

            // Connected while paused, so one validation run finds the whole cohort and completes it.
            long connecting = System.nanoTime();
            stack.pause();
            List<String> hubIds = new ArrayList<>();
            for (int i = 0; i < hubs; i++) {
                String body = "{\"app\":\"linkedin-campaign-manager\",\"name\":\"Hub " + i + "\",\"businessId\":\"5"
                        + String.format(Locale.ROOT, "%09d", i) + "\",\"serviceAccount\":\"sa-bench\"}";
                HttpResponse<String> connected = http.send(HttpRequest.newBuilder(api.resolve("/hubs"))
                        .header("authorization", "Bearer " + token).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (connected.statusCode() != 201) {
                    throw new IllegalStateException("connecting hub " + i + " answered " + connected.statusCode()
                            + " " + connected.body());
                }
                JsonNode hub = Json.mapper().readTree(connected.body());
                hubIds.add(hub.get("hubId").asText());
            }
            stack.resume();
            stack.awaitIdle(Duration.ofMinutes(5));
            report.printf(Locale.ROOT, "connected and validated %d hubs in %d ms%n", hubs,
                    (System.nanoTime() - connecting) / 1_000_000);

            Random random = new Random(42);
            for (int i = 0; i < warmup; i++) {
                read(http, api, token, hubIds.get(random.nextInt(hubIds.size())));
            }
            double[] millis = new double[reads];
            long measuring = System.nanoTime();
            for (int i = 0; i < reads; i++) {
                long started = System.nanoTime();
                read(http, api, token, hubIds.get(random.nextInt(hubIds.size())));
                millis[i] = (System.nanoTime() - started) / 1e6;
            }
            double seconds = (System.nanoTime() - measuring) / 1e9;
            Arrays.sort(millis);
            report.printf(Locale.ROOT, "GET /hubs/{hubId}: %d reads after %d to warm up, one at a time, %.0f reads/s%n",
                    reads, warmup, reads / seconds);
            report.printf(Locale.ROOT, "  min %.2f ms, median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    millis[0], percentile(millis, 50), percentile(millis, 90), percentile(millis, 99), millis[reads - 1]);
        }
    }

    private static void read(HttpClient http, URI api, String token, String hubId) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api.resolve("/hubs/" + hubId))
                .header("authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET /hubs/" + hubId + " answered " + answer.statusCode() + " " + answer.body());
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
