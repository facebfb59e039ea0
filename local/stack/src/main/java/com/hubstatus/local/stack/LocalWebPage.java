package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Business Hubs page ({@code web/public}) at {@code /}, as CloudFront serves it from S3 on AWS,
 * and its {@code config.json}, which the stack writes itself: the API at the same origin, the stack
 * as the OpenID issuer, and the local sign-in's client id. Files are read at every request, so an
 * edit to the page shows at the next reload.
 *
 * <p>Only {@code GET} and {@code HEAD} of a path that is not an API route reach it. Paths are
 * taken only below the folder, never a hidden file; anything else is the API's {@code 404}.
 */
final class LocalWebPage {

    static final String CONFIG_PATH = "/config.json";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");
    /** What the deployed page's CloudFront response headers policy sends too (template.yaml, WebHeadersPolicy). */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final Path folder;
    private final URI origin;
    private final String clientId;

    /**
     * @param folder   the page's files
     * @param origin   the stack's own address, such as {@code http://127.0.0.1:3000}: the API, the
     *                 issuer, and where the sign-in returns to
     * @param clientId the local sign-in's client id (the API's audience)
     */
    LocalWebPage(Path folder, URI origin, String clientId) {
        this.folder = folder.toAbsolutePath().normalize();
        this.origin = origin;
        this.clientId = clientId;
    }

    Path folder() {
        return folder;
    }

    /** The page's answer to a request no API route took, or empty for the API's 404. */
    Optional<LocalHttpApi.Reply> serve(HttpApiRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Optional.empty();
        }
        byte[] body;
        String type;
        if (request.rawPath().equals(CONFIG_PATH)) {
            body = config().toString().getBytes(StandardCharsets.UTF_8);
            type = TYPES.get("json");
        } else {
            Optional<Path> file = file(request.rawPath());
            if (file.isEmpty()) {
                return Optional.empty();
            }
            try {
                body = Files.readAllBytes(file.get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.get(), e);
            }
            type = TYPES.getOrDefault(extension(file.get()), "application/octet-stream");
        }
        // One origin for the page, its sign-in and its session: localhost:3000 is another one.
        if (!origin.getAuthority().equalsIgnoreCase(String.valueOf(request.header("host")))) {
            String query = request.rawQuery() == null ? "" : "?" + request.rawQuery();
            return Optional.of(new LocalHttpApi.Reply(302, List.of(
                    Map.entry("location", origin + request.rawPath() + query), Map.entry("cache-control", "no-store")),
                    new byte[0]));
        }
        return Optional.of(new LocalHttpApi.Reply(200, List.of(
                Map.entry("content-type", type),
                Map.entry("cache-control", "no-cache"),
                Map.entry("x-content-type-options", "nosniff"),
                Map.entry("referrer-policy", "no-referrer"),
                Map.entry("content-security-policy", CONTENT_SECURITY_POLICY)), body));
    }

    /** What a deployment's config.json says, for this stack. */
    ObjectNode config() {
        String self = origin.toString();
        return Json.mapper().createObjectNode()
                .put("apiBaseUrl", self)
                .put("issuer", self)
                .put("clientId", clientId)
                .put("redirectUri", self + "/");
    }

    /** The file a path names: {@code /} is index.html; nothing outside the folder, no hidden file, no folder. */
    private Optional<Path> file(String rawPath) {
        String path;
        try {
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        if (path.endsWith("/")) {
            path += "index.html";
        }
        if (path.contains("\\") || path.contains("\0") || path.contains("/.")) {
            return Optional.empty();
        }
        Path file = folder.resolve(path.substring(1)).normalize();
        return file.startsWith(folder) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
