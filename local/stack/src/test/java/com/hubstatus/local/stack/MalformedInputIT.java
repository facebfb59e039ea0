package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of malformed, oversized, mistyped and refused requests on every route of the running
 * stack, generated from a fixed seed: each is answered with a JSON 4xx, none with a 5xx, and the
 * table is exactly as it was before. Prints its figures.
 */
class MalformedInputIT {

    private static final int REQUESTS = 10_000;

    @RegisterExtension
    static final RunningStack RUNNING = RunningStack.ofRepositoryTemplate();

    private static StackClient api;
    private static String owner;
    private static String manager;
    private static String stranger;
    private static String hubId;
    private static String foreignCursor;

    @BeforeAll
    static void connectSomeHubs() throws Exception {
        api = RUNNING.api();
        owner = RUNNING.stack().token("alice", "ws-demo", List.of());
        manager = RUNNING.stack().token("bob", "ws-demo", List.of());
        stranger = RUNNING.stack().token("mallory", "ws-other", List.of());
        for (int i = 1; i <= 3; i++) {
            StackClient.Answer connected = api.post("/hubs", owner, """
                    {"app":"meta-business-manager","name":"Hub %d","businessId":"100000000%d","serviceAccount":"sa-marketing","managers":["bob"]}
                    """.formatted(i, i));
            assertEquals(201, connected.status(), connected.toString());
            hubId = connected.json().get("hubId").asText();
        }
        api.post("/hubs", stranger, """
                {"app":"google-ads","name":"Theirs","businessId":"2000000001","serviceAccount":"sa-marketing"}
                """);
        api.post("/hubs", stranger, """
                {"app":"google-ads","name":"Theirs too","businessId":"2000000002","serviceAccount":"sa-marketing"}
                """);
        RUNNING.stack().awaitIdle(Duration.ofSeconds(60));
        foreignCursor = api.get("/hubs?limit=1", stranger).json().get("nextCursor").asText();
    }

    @Test
    void tenThousandMalformedRequestsOnEveryRouteGetJson4xxAndWriteNothing() throws Exception {
        // given
        List<Map<String, AttributeValue>> before = table();
        List<Probe> corpus = corpus(new Random(20261128));

        // when
        Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        List<String> wrong = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Probe probe : corpus) {
                futures.add(pool.submit(() -> {
                    StackClient.Answer answer;
                    try {
                        answer = sendOnALiveConnection(probe);
                    } catch (RuntimeException e) {
                        synchronized (wrong) {
                            wrong.add(probe.label() + " -> " + e);
                        }
                        return;
                    }
                    byStatus.computeIfAbsent(Integer.toString(answer.status()), s -> new AtomicInteger()).incrementAndGet();
                    if (answer.status() < 400 || answer.status() >= 500 || !isJson(answer)) {
                        synchronized (wrong) {
                            wrong.add(probe.label() + " -> " + answer);
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        RUNNING.stack().awaitIdle(Duration.ofSeconds(60));

        // then
        List<Map<String, AttributeValue>> after = table();
        long fiveHundreds = byStatus.entrySet().stream().filter(e -> e.getKey().startsWith("5"))
                .mapToInt(e -> e.getValue().get()).sum();
        System.out.printf("fault suite: %d malformed requests on every route -> %d 5xx, %d answers that were not a JSON "
                        + "4xx, %d items written or changed; statuses %s (%d sent again on a fresh connection)%n",
                corpus.size(), fiveHundreds, wrong.size(), changedItems(before, after), new TreeMap<>(byStatus),
                RESENT.get());
        assertTrue(corpus.size() >= REQUESTS);
        assertEquals(List.of(), wrong.stream().limit(20).toList());
        assertEquals(0, changedItems(before, after));
    }

    private static final AtomicInteger RESENT = new AtomicInteger();

    /**
     * Sends the probe; sends it once more if it went out on a kept-alive connection the server had
     * just closed as idle (the client then reads no bytes at all, and does not retry a POST itself).
     */
    private static StackClient.Answer sendOnALiveConnection(Probe probe) {
        try {
            return api.send(probe.request().apply(api));
        } catch (UncheckedIOException e) {
            if (e.getCause() == null || !String.valueOf(e.getCause().getMessage()).contains("received no bytes")) {
                throw e;
            }
            RESENT.incrementAndGet();
            return api.send(probe.request().apply(api));
        }
    }

    private static boolean isJson(StackClient.Answer answer) {
        try {
            JsonNode body = answer.json();
            return body.isObject();
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- the corpus ---------------------------------------------------------------------------------

    private record Probe(String label, Function<StackClient, HttpRequest.Builder> request) {
    }

    /** Text no field takes: control, format, separator, surrogate and unassigned characters, and worse. */
    private static final List<String> BAD_TEXT = List.of("", " ", "\u0000", "a\u0007b", "\u0085", "x\u202Ey", "\u200B",
            "\uFEFFname", "line\u2028break", "para\u2029graph", "\uFDD0", "\uFFFE", "\uD800", "a\uDC00", "\u0378",
            "\u0019", "😀".repeat(129), "n".repeat(129), "n".repeat(20_000), "\t", "\r\n");

    /** JSON values of every wrong type. */
    private static final List<String> WRONG_TYPES = List.of("null", "true", "0", "-1", "1e309", "[]", "[1]",
            "{}", "{\"a\":1}", "\"\"", "\"" + "x".repeat(5000) + "\"");

    private static final List<String> BAD_IDS = List.of("does-not-exist", "a".repeat(65), "hub%20id", "%2e%2e",
            "hub%00", "%F0%9F%98%80", "hub.id", "x%2Fy", "%25ZZ");

    private static List<Probe> corpus(Random random) {
        List<Probe> corpus = new ArrayList<>();
        while (corpus.size() < REQUESTS) {
            int kind = random.nextInt(12);
            corpus.add(switch (kind) {
                case 0 -> connectWithBadField(random);
                case 1 -> connectWithBadBody(random);
                case 2 -> changeWithBadField(random);
                case 3 -> listWithBadParameters(random);
                case 4 -> historyWithBadParameters(random);
                case 5 -> onABadHubId(random);
                case 6 -> notAllowedToAct(random);
                case 7 -> revalidationRefused(random);
                case 8 -> withoutAValidToken(random);
                case 9 -> withTheWrongContentType(random);
                case 10 -> oversized(random);
                default -> unknownRoute(random);
            });
        }
        return corpus;
    }

    private static <T> T any(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static final Map<String, String> VALID_CONNECT = Map.of("app", "\"meta-business-manager\"",
            "name", "\"Hub\"", "businessId", "\"1000000001\"", "serviceAccount", "\"sa-marketing\"",
            "managers", "[\"bob\"]");

    private static String object(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(quoted(name)).append(':').append(value));
        return json.append('}').toString();
    }

    /** A connect request whose one field is wrong: bad text, a wrong type, a bad shape, missing, or an unknown field. */
    private static Probe connectWithBadField(Random random) {
        Map<String, String> fields = new TreeMap<>(VALID_CONNECT);
        String field = any(random, List.copyOf(VALID_CONNECT.keySet()));
        switch (random.nextInt(4)) {
            case 0 -> fields.put(field, field.equals("managers") ? "[" + quoted(any(random, BAD_TEXT)) + "]"
                    : quoted(any(random, BAD_TEXT)));
            case 1 -> fields.put(field, any(random, WRONG_TYPES.stream()
                    .filter(value -> !(field.equals("managers") && value.equals("[]"))).toList()));
            case 2 -> fields.put(field, switch (field) {
                case "app" -> quoted(any(random, List.of("myspace", "Meta Business Manager", "google_ads")));
                case "businessId" -> quoted(any(random, List.of("12 34", "-1000", "id/1", "id;drop")));
                case "serviceAccount" -> quoted(any(random, List.of("sa marketing", "-sa", "sa\\x", "password=hunter2")));
                case "managers" -> "[" + "\"bob\",".repeat(51) + "\"carol\"]";
                default -> quoted("name\u0000");
            });
            default -> {
                if (field.equals("managers")) {
                    fields.put("password", quoted("hunter2"));
                } else {
                    fields.remove(field);
                }
            }
        }
        String body = object(fields);
        return new Probe("POST /hubs " + body, client -> json(client.request("/hubs", owner), "POST", body));
    }

    private static Probe connectWithBadBody(Random random) {
        String body = any(random, List.of("", "{", "}", "[]", "null", "\"hub\"", "42", "{\"app\":", "{'app':'x'}",
                "{\"app\":\"meta-business-manager\",}", "\u0000", "{\"a\":1}{\"b\":2}",
                "{\"app\":\"meta-business-manager\",\"app\":\"google-ads\"}",
                "{\"name\":{\"nested\":{\"deep\":[1,2,3]}}}", "{" + "\"k\":".repeat(200) + "1" + "}".repeat(200)));
        return new Probe("POST /hubs " + body, client -> json(client.request("/hubs", owner), "POST", body));
    }

    private static Probe changeWithBadField(Random random) {
        String field = any(random, List.of("name", "businessId", "serviceAccount", "owners", "managers", "hubId",
                "status", "connectedAt"));
        String value = switch (field) {
            case "owners" -> any(random, List.of("[]", "[\"\"]", "\"alice\"", "[" + quoted(any(random, BAD_TEXT)) + "]"));
            case "managers" -> any(random, List.of("\"bob\"", "[1]", "{}"));
            default -> random.nextBoolean() ? quoted(any(random, BAD_TEXT)) : any(random, WRONG_TYPES);
        };
        String body = random.nextInt(10) == 0 ? "{}" : "{" + quoted(field) + ":" + value + "}";
        return new Probe("PATCH /hubs/{id} " + body,
                client -> json(client.request("/hubs/" + hubId, owner), "PATCH", body));
    }

    private static Probe listWithBadParameters(Random random) {
        String query = any(random, List.of("status=HEALTHY,", "status=,", "status=", "status=healthy", "status=OK",
                "status=HEALTHY,,REQUIRES_SYNC", "limit=0", "limit=-1", "limit=201", "limit=1e3", "limit=abc",
                "limit=99999999999999", "limit=01", "limit=", "app=myspace", "app=", "app=GOOGLE-ADS",
                "cursor=" + encode("not a cursor"), "cursor=", "cursor=" + foreignCursor,
                "cursor=" + foreignCursor.substring(0, foreignCursor.length() - 2) + "AA", "sort=name", "page=2",
                "status=" + "H".repeat(3000), "app=" + "x".repeat(3000)));
        return new Probe("GET /hubs?" + query, client -> client.request("/hubs?" + query, owner).GET());
    }

    private static Probe historyWithBadParameters(Random random) {
        String query = any(random, List.of("limit=0", "limit=x", "limit=201", "cursor=" + encode("forged"),
                "cursor=" + foreignCursor, "status=HEALTHY", "limit=1&limit=2"));
        return new Probe("GET /hubs/{id}/history?" + query,
                client -> client.request("/hubs/" + hubId + "/history?" + query, owner).GET());
    }

    private static Probe onABadHubId(Random random) {
        String id = any(random, BAD_IDS);
        return switch (random.nextInt(5)) {
            case 0 -> new Probe("GET /hubs/" + id, client -> client.request("/hubs/" + id, owner).GET());
            case 1 -> new Probe("GET /hubs/" + id + "/history", client -> client.request("/hubs/" + id + "/history", owner).GET());
            case 2 -> new Probe("DELETE /hubs/" + id, client -> client.request("/hubs/" + id, owner).DELETE());
            case 3 -> new Probe("POST /hubs/" + id + "/sync",
                    client -> client.request("/hubs/" + id + "/sync", owner).POST(HttpRequest.BodyPublishers.noBody()));
            default -> new Probe("PATCH /hubs/" + id, client -> json(client.request("/hubs/" + id, owner), "PATCH",
                    "{\"name\":\"x\"}"));
        };
    }

    /** A manager, or someone of another workspace, trying what only an owner may. */
    private static Probe notAllowedToAct(Random random) {
        String token = random.nextBoolean() ? manager : stranger;
        return switch (random.nextInt(4)) {
            case 0 -> new Probe("DELETE as non-owner", client -> client.request("/hubs/" + hubId, token).DELETE());
            case 1 -> new Probe("sync as non-owner",
                    client -> client.request("/hubs/" + hubId + "/sync", token).POST(HttpRequest.BodyPublishers.noBody()));
            case 2 -> new Probe("PATCH as non-owner", client -> json(client.request("/hubs/" + hubId, token), "PATCH",
                    "{\"name\":\"mine now\"}"));
            default -> new Probe("GET as stranger", client -> client.request("/hubs/" + hubId, stranger).GET());
        };
    }

    private static Probe revalidationRefused(Random random) {
        String app = any(random, List.of("meta-business-manager", "myspace", "", "%25ZZ", "google-ads", "x".repeat(300)));
        String token = random.nextBoolean() ? owner : manager;
        return new Probe("revalidation of " + app + " by a non-operator", client -> client
                .request("/apps/" + app + "/revalidation", token).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static Probe withoutAValidToken(Random random) {
        String header = any(random, List.of("", "Bearer", "Bearer ", "Bearer x.y.z", "Basic YWxpY2U6cGFzcw==",
                "Bearer " + owner.substring(0, owner.length() - 4) + "AAAA",
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.", "Bearer " + "a".repeat(9000)));
        String path = any(random, List.of("/hubs", "/hubs/" + hubId, "/hubs/" + hubId + "/history"));
        return new Probe("GET " + path + " with '" + header.substring(0, Math.min(20, header.length())) + "'", client -> {
            HttpRequest.Builder request = client.request(path, null).GET();
            if (!header.isEmpty()) {
                request.header("authorization", header);
            }
            return request;
        });
    }

    private static Probe withTheWrongContentType(Random random) {
        String type = any(random, List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/xml", "application/jsonx", "json", "*/*"));
        String body = object(VALID_CONNECT);
        return new Probe("POST /hubs as " + type, client -> client.request("/hubs", owner)
                .header("content-type", type).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Probe oversized(Random random) {
        String body = "{\"name\":\"" + "n".repeat(17_000 + random.nextInt(100_000)) + "\"}";
        return random.nextBoolean()
                ? new Probe("oversized POST /hubs", client -> json(client.request("/hubs", owner), "POST", body))
                : new Probe("oversized PATCH", client -> json(client.request("/hubs/" + hubId, owner), "PATCH", body));
    }

    private static Probe unknownRoute(Random random) {
        String path = any(random, List.of("/hub", "/hubs/" + hubId + "/syncs", "/apps", "/apps/google-ads",
                "/hubs/" + hubId + "/history/1", "/admin", "/hubs/" + hubId + "/sync/now"));
        String method = any(random, List.of("GET", "PUT", "POST", "DELETE", "PATCH"));
        return new Probe(method + " " + path, client -> client.request(path, owner)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpRequest.Builder json(HttpRequest.Builder request, String method, String body) {
        return request.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // ---- the table ----------------------------------------------------------------------------------

    private static List<Map<String, AttributeValue>> table() {
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(RUNNING.stack().dynamoEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String table = dynamo.listTables().tableNames().getFirst();
            return dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream().toList();
        }
    }

    private static long changedItems(List<Map<String, AttributeValue>> before, List<Map<String, AttributeValue>> after) {
        Set<Map<String, AttributeValue>> old = Set.copyOf(before);
        return after.stream().filter(item -> !old.contains(item)).count() + Math.max(0, before.size() - after.size());
    }
}
