package com.hubstatus.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.stack.DevStack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /hubs} of one large workspace on the local stack, over HTTP: the first page at
 * {@code limit=50} and {@code limit=200}, and a walk of every page at {@code limit=200}. The hubs
 * are connected over the HTTP API first, with the stack paused (they stay Under validation).
 */
final class Listing {

    private static final int FIRST_PAGES = 20;
    private static final int WALKS = 3;

    private final PrintStream out;
    private final DevStack stack;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Listing(PrintStream out, DevStack stack) {
        this.out = out;
        this.stack = stack;
    }

    void run(int hubs) {
        String workspace = "ws-listing";
        String token = stack.token("bench-owner", workspace, List.of());
        long seeding = System.nanoTime();
        String[] apps = {"linkedin-campaign-manager", "google-ads", "meta-business-manager", "tiktok-business-center"};
        for (int i = 0; i < hubs; i++) {
            String body = "{\"app\":\"" + apps[i % apps.length] + "\",\"name\":\"Hub " + i + "\",\"businessId\":\"9"
                    + String.format(Locale.ROOT, "%09d", i) + "\",\"serviceAccount\":\"sa-marketing\"}";
            send(HttpRequest.newBuilder(stack.apiEndpoint().resolve("/hubs")).header("authorization", "Bearer " + token)
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), 201);
        }
        out.println();
        out.printf(Locale.ROOT, "GET /hubs of a %,d-hub workspace on the local stack, over HTTP (%,d hubs connected in %.0f s)%n",
                hubs, hubs, (System.nanoTime() - seeding) / 1e9);
        for (int limit : new int[] {50, 200}) {
            page(token, limit, null);
            List<Double> millis = new ArrayList<>();
            int returned = 0;
            for (int i = 0; i < FIRST_PAGES; i++) {
                long started = System.nanoTime();
                returned = page(token, limit, null).path("hubs").size();
                millis.add((System.nanoTime() - started) / 1e6);
            }
            out.printf(Locale.ROOT, "  first page, limit=%-3d  median %7.1f ms  (min %.1f, max %.1f; %d hubs on the page; "
                    + "%d requests)%n", limit, Stats.median(millis), Stats.min(millis), Stats.max(millis), returned, FIRST_PAGES);
        }
        List<Double> walks = new ArrayList<>();
        int pages = 0;
        int seen = 0;
        for (int w = 0; w < WALKS; w++) {
            long started = System.nanoTime();
            pages = 0;
            seen = 0;
            String cursor = null;
            do {
                JsonNode page = page(token, 200, cursor);
                pages++;
                seen += page.path("hubs").size();
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            } while (cursor != null);
            walks.add((System.nanoTime() - started) / 1e6);
        }
        out.printf(Locale.ROOT, "  full walk, limit=200   median %7.0f ms  (%s ms; %d pages, %,d hubs)%n",
                Stats.median(walks), Stats.list(walks), pages, seen);
        out.println("  (items read per page: ListingCostIT, on the engine; see docs/data-model.md)");
    }

    private JsonNode page(String token, int limit, String cursor) {
        String query = "?limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(stack.apiEndpoint() + "/hubs" + query))
                .header("authorization", "Bearer " + token).GET(), 200);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + " "
                        + response.body());
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
