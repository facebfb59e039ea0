package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local HTTP API answers whatever it is sent as API Gateway would: with JSON and a 2xx or 4xx
 * status, never HTML, an empty body or a 5xx, however odd the request line, the headers or the body.
 */
class OddRequestsIT {

    private static final String JSON_TYPE = "application/json";

    @RegisterExtension
    static final RunningStack RUNNING = RunningStack.ofRepositoryTemplate();

    private static StackClient api;
    private static String token;

    @BeforeAll
    static void signIn() {
        api = RUNNING.api();
        token = RUNNING.stack().token("alice", "ws-demo", List.of());
    }

    @Test
    void malformedRequestLinesPathsAndHeadersGetJsonRefusals() throws IOException {
        String longPath = "/hubs/" + "a".repeat(20_000);
        String longHeader = "x-long: " + "b".repeat(20_000);
        List<String> requests = List.of(
                "GET /hubs/%ZZ HTTP/1.1\r\nHost: h\r\n",
                "GET /%ZZ HTTP/1.1\r\nHost: h\r\n",
                "GET /hubs% HTTP/1.1\r\nHost: h\r\n",
                "GET /hubs/%E0%A4 HTTP/1.1\r\nHost: h\r\n",
                "GET /hubs/%00 HTTP/1.1\r\nHost: h\r\n",
                "GET //hubs HTTP/1.1\r\nHost: h\r\n",
                "GET ///_local/clock HTTP/1.1\r\nHost: h\r\n",
                "GET /hubs/../_local/clock HTTP/1.1\r\nHost: h\r\n",
                "GET /hubs?status=%ZZ&cursor=%%% HTTP/1.1\r\nHost: h\r\n",
                "GET * HTTP/1.1\r\nHost: h\r\n",
                "OPTIONS * HTTP/1.1\r\nHost: h\r\n",
                "GET http://127.0.0.1/hubs HTTP/1.1\r\nHost: h\r\n",
                "GET hubs HTTP/1.1\r\nHost: h\r\n",
                "GET mailto:someone HTTP/1.1\r\nHost: h\r\n",
                "get /hubs HTTP/1.1\r\nHost: h\r\n",
                "BREW /hubs HTTP/1.1\r\nHost: h\r\n",
                "GARBAGE\r\n",
                "GET /hubs HTTP/9.9\r\nHost: h\r\n",
                "GET /hubs\r\nHost: h\r\n",
                "GET /hubs HTTP/1.1\r\n",
                "GET /hubs HTTP/1.0\r\n",
                "GET /hubs HTTP/1.1\r\nHost: h\r\nBad Header: x\r\n",
                "GET /hubs HTTP/1.1\r\nHost: h\r\n: no name\r\n",
                "POST /hubs HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n",
                "POST /hubs HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n",
                "POST /hubs HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n",
                "POST /hubs HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n",
                "POST /hubs HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n",
                "POST /hubs HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nnope",
                "GET " + longPath + " HTTP/1.1\r\nHost: h\r\n",
                "GET /hubs HTTP/1.1\r\nHost: h\r\n" + longHeader + "\r\n",
                "GET /hubs HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer \r\n",
                "GET /hubs HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer a.b.c\r\n",
                "GET /hubs HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + token + "x\r\n",
                "GET /.well-known/openid-configuration/extra HTTP/1.1\r\nHost: h\r\n",
                "DELETE /.well-known/jwks.json HTTP/1.1\r\nHost: h\r\n",
                "PUT /_local/tokens HTTP/1.1\r\nHost: h\r\n",
                "POST /_local/tokens HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n{{{{{",
                "GET /_local/%ZZ HTTP/1.1\r\nHost: h\r\n");
        List<String> wrong = new ArrayList<>();
        for (String request : requests) {
            RawAnswer answer = raw(request.endsWith("\r\n") && !request.contains("\r\n\r\n") ? request + "Connection: close\r\n\r\n"
                    : request);
            String problem = answer.problem(false);
            if (problem != null) {
                wrong.add(abbreviate(request) + " -> " + problem);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aHeadRequestIsAnsweredWithTheJsonHeadersAndNoBody() throws IOException {
        for (String path : List.of("/hubs", "/nothing", "/.well-known/jwks.json", "/_local/clock")) {
            RawAnswer answer = raw("HEAD " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            String problem = answer.problem(true);
            assertEquals(null, problem, path);
        }
    }

    @Test
    void wellFormedRequestsTheApiDoesNotServeGetJsonRefusals() {
        byte[] tooLarge = new byte[LocalHttpApi.MAX_BODY_BYTES + 1];
        Map<String, StackClient.Answer> answers = new LinkedHashMap<>();
        answers.put("DELETE /hubs", api.send(api.request("/hubs", token).DELETE()));
        answers.put("PUT /hubs/hub_1", api.send(api.request("/hubs/hub_1", token)
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))));
        answers.put("POST /", api.post("/", token, "{}"));
        answers.put("GET /index.html/", api.get("/index.html/", null));
        answers.put("GET /.hidden", api.get("/.hidden", null));
        answers.put("GET /js/../../pom.xml", api.get("/js/%2E%2E/%2E%2E/pom.xml", null));
        answers.put("GET /nothing", api.get("/nothing", null));
        answers.put("GET /hubs without a token", api.get("/hubs", null));
        answers.put("POST /hubs over 10 MiB", api.send(api.request("/hubs", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(tooLarge))));
        answers.put("POST /hubs not JSON", api.post("/hubs", token, "<xml/>"));
        answers.put("GET /_local/tokens", api.get("/_local/tokens", null));
        answers.put("POST /_local/clock over 4 KiB", api.post("/_local/clock", null, "{\"advance\":\"" + "P".repeat(5000) + "\"}"));
        answers.put("POST /.well-known/openid-configuration", api.post("/.well-known/openid-configuration", null, "{}"));
        answers.put("GET /.well-known/other", api.get("/.well-known/other", null));
        List<String> wrong = new ArrayList<>();
        answers.forEach((request, answer) -> {
            String type = answer.headers().firstValue("content-type").orElse("");
            if (answer.status() >= 500 || answer.status() < 200 || !type.startsWith(JSON_TYPE) || !isJson(answer.raw())) {
                wrong.add(request + " -> " + answer + " (" + type + ")");
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(413, answers.get("POST /hubs over 10 MiB").status());
        assertEquals("{\"message\":\"Request Entity Too Large\"}", new String(answers.get("POST /hubs over 10 MiB").raw()));
        assertEquals(404, answers.get("DELETE /hubs").status());
        assertEquals(401, answers.get("GET /hubs without a token").status());
    }

    @Test
    void thePathsIssue10NamedAreApiGatewaysJsonAnswers() throws IOException {
        RawAnswer badEscape = raw("GET /hubs/%ZZ HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertEquals(400, badEscape.status());
        assertEquals("{\"message\":\"Bad Request\"}", badEscape.body());

        RawAnswer doubleSlash = raw("GET //hubs HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertEquals(404, doubleSlash.status());
        assertEquals("{\"message\":\"Not Found\"}", doubleSlash.body());

        RawAnswer head = raw("HEAD /nothing HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertEquals(404, head.status());
        assertEquals(JSON_TYPE, head.header("content-type"));
        assertEquals(String.valueOf("{\"message\":\"Not Found\"}".length()), head.header("content-length"));
    }

    // ---- a client that sends bytes as they are ----------------------------------------------------

    private static RawAnswer raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RUNNING.stack().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            return RawAnswer.read(socket.getInputStream(), request.startsWith("HEAD "));
        }
    }

    private static boolean isJson(byte[] body) {
        try {
            JsonNode parsed = Json.mapper().readTree(body);
            return parsed != null && parsed.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static String abbreviate(String request) {
        String line = request.lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    /** An HTTP/1.1 answer read off the socket: status, headers (lower-case names), body. */
    private record RawAnswer(int status, Map<String, String> headers, String body) {

        static RawAnswer read(InputStream in, boolean head) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (IOException reset) {
                // what arrived before the server hung up is the answer
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return new RawAnswer(0, Map.of(), text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            String body = text.substring(end + 4);
            if (!head && headers.containsKey("content-length")) {
                body = body.substring(0, Math.min(body.length(), Integer.parseInt(headers.get("content-length"))));
            }
            byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
            return new RawAnswer(Integer.parseInt(statusLine[1]), headers, new String(bytes, StandardCharsets.UTF_8));
        }

        String header(String name) {
            return headers.get(name);
        }

        /** What is wrong with this answer, or null when it is API Gateway-like JSON with a 2xx or 4xx. */
        String problem(boolean head) {
            if (status == 0) {
                return "no answer: " + body;
            }
            if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
                return "status " + status + " " + body;
            }
            String type = headers.getOrDefault("content-type", "");
            if (!type.startsWith(JSON_TYPE)) {
                return "content-type '" + type + "': " + body;
            }
            if (head) {
                return body.isEmpty() && headers.containsKey("content-length") ? null : "a HEAD answer with body '" + body + "'";
            }
            return isJson(body.getBytes(StandardCharsets.UTF_8)) ? null : "not JSON: " + body;
        }
    }
}
