package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalWebPageTest {

    private static final URI ORIGIN = URI.create("http://127.0.0.1:3000");

    @TempDir
    Path root;

    private LocalWebPage page() throws IOException {
        Path folder = Files.createDirectories(root.resolve("public"));
        Files.writeString(folder.resolve("index.html"), "<!doctype html><title>page</title>");
        Files.createDirectories(folder.resolve("js"));
        Files.writeString(folder.resolve("js/main.js"), "export {};");
        Files.writeString(folder.resolve(".secret"), "hidden");
        Files.writeString(root.resolve("outside.txt"), "not the page's");
        return new LocalWebPage(folder, ORIGIN, "hubstatus-local");
    }

    private static HttpApiRequest get(String path, String host) {
        return new HttpApiRequest("GET", path, null, List.of(Map.entry("Host", host)), new byte[0], "127.0.0.1", 3000,
                "HTTP/1.1");
    }

    @Test
    void theRootIsTheIndexAndFilesHaveTheirTypeAndTheContentSecurityPolicy() throws IOException {
        LocalWebPage page = page();

        LocalHttpApi.Reply index = page.serve(get("/", "127.0.0.1:3000")).orElseThrow();
        LocalHttpApi.Reply script = page.serve(get("/js/main.js", "127.0.0.1:3000")).orElseThrow();

        assertEquals(200, index.status());
        assertEquals("<!doctype html><title>page</title>", new String(index.body(), StandardCharsets.UTF_8));
        assertTrue(index.headers().contains(Map.entry("content-type", "text/html; charset=utf-8")), index.headers().toString());
        assertTrue(index.headers().stream().anyMatch(h -> h.getKey().equals("content-security-policy")
                && h.getValue().contains("script-src 'self'")), index.headers().toString());
        assertTrue(script.headers().contains(Map.entry("content-type", "text/javascript; charset=utf-8")));
    }

    @Test
    void theConfigNamesTheStackAsApiIssuerAndRedirect() throws IOException {
        LocalHttpApi.Reply config = page().serve(get("/config.json", "127.0.0.1:3000")).orElseThrow();

        JsonNode json = Json.mapper().readTree(config.body());
        assertEquals("http://127.0.0.1:3000", json.get("apiBaseUrl").asText());
        assertEquals("http://127.0.0.1:3000", json.get("issuer").asText());
        assertEquals("hubstatus-local", json.get("clientId").asText());
        assertEquals("http://127.0.0.1:3000/", json.get("redirectUri").asText());
    }

    @Test
    void nothingOutsideTheFolderNoHiddenFileAndNoOtherMethodIsServed() throws IOException {
        LocalWebPage page = page();
        for (String path : List.of("/../outside.txt", "/js/%2E%2E/%2E%2E/outside.txt", "/.secret", "/js/", "/missing.html",
                "/js/main.js%00.html", "/%ZZ")) {
            assertEquals(Optional.empty(), page.serve(get(path, "127.0.0.1:3000")), path);
        }
        HttpApiRequest post = new HttpApiRequest("POST", "/", null, List.of(), new byte[0], "127.0.0.1", 3000, "HTTP/1.1");
        assertEquals(Optional.empty(), page.serve(post));
    }

    @Test
    void anotherHostNameForThePageIsRedirectedToTheStacksOwnOrigin() throws IOException {
        LocalHttpApi.Reply reply = page().serve(get("/", "localhost:3000")).orElseThrow();

        assertEquals(302, reply.status());
        assertTrue(reply.headers().contains(Map.entry("location", "http://127.0.0.1:3000/")), reply.headers().toString());
    }
}
