package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The local identity provider's sign-in: OpenID Connect's authorization code flow with PKCE, as a
 * web page signs in against Cognito's hosted UI on AWS, except that the developer picks one of the
 * demo users instead of typing a password. The tokens are the provider's own RS256 tokens, so the
 * page calls the API with them as it would with Cognito's.
 *
 * <ul>
 *   <li>{@code GET /_local/authorize?response_type=code&client_id=hubstatus-local&redirect_uri=...&state=...
 *       &code_challenge=...&code_challenge_method=S256}: a page listing the demo users; with
 *       {@code login_hint=alice} it signs alice in at once, redirecting to {@code redirect_uri}
 *       with a code (valid one minute, once) and the state</li>
 *   <li>{@code POST /_local/token} (a form: {@code grant_type=authorization_code}, {@code code},
 *       {@code redirect_uri}, {@code client_id}, {@code code_verifier}): the tokens</li>
 * </ul>
 *
 * <p>The client is public (no secret) and its {@code client_id} is the API's audience; it may
 * redirect only to a loopback address. A request that names no valid client or redirect is
 * answered with OAuth's {@code {"error", "error_description"}} rather than redirected.
 */
final class LocalSignIn {

    static final String AUTHORIZE_PATH = "/_local/authorize";
    static final String TOKEN_PATH = "/_local/token";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(1);

    /** RFC 7636: 43 to 128 characters of the unreserved set. */
    private static final Pattern PKCE_VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final SecureRandom CODES = new SecureRandom();

    private final LocalIdentityProvider identities;
    private final List<DemoUser> users;
    private final Clock wallClock;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    LocalSignIn(LocalIdentityProvider identities, List<DemoUser> users, Clock wallClock) {
        this.identities = identities;
        this.users = List.copyOf(users);
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    /** {@code GET} {@value #AUTHORIZE_PATH}: the demo users to pick from, or, given {@code login_hint}, the redirect. */
    LocalHttpApi.Reply authorize(String rawQuery) {
        Map<String, String> query;
        try {
            query = form(rawQuery);
        } catch (IllegalArgumentException malformed) {
            return error(400, "invalid_request", malformed.getMessage());
        }
        if (!identities.audience().equals(query.get("client_id"))) {
            return error(400, "unauthorized_client", "client_id must be " + identities.audience());
        }
        String redirect = query.get("redirect_uri");
        if (!isLoopbackRedirect(redirect)) {
            return error(400, "invalid_request", "redirect_uri must be an http URL on a loopback address, without a fragment");
        }
        if (!"code".equals(query.get("response_type"))) {
            return error(400, "unsupported_response_type", "response_type must be code");
        }
        if (!"S256".equals(query.get("code_challenge_method")) || !isPkceValue(query.get("code_challenge"))) {
            return error(400, "invalid_request", "code_challenge (43 to 128 characters) and code_challenge_method=S256 are required");
        }
        String hint = query.get("login_hint");
        if (hint == null) {
            return chooser(rawQuery);
        }
        Optional<DemoUser> user = users.stream().filter(u -> u.user().equals(hint)).findFirst();
        if (user.isEmpty()) {
            return error(400, "invalid_request", "login_hint must name a demo user: "
                    + String.join(", ", users.stream().map(DemoUser::user).toList()));
        }
        String code = randomCode();
        grants.put(code, new Grant(user.get(), redirect, query.get("code_challenge"), query.get("nonce"),
                wallClock.instant().plus(CODE_LIFETIME)));
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + (query.containsKey("state") ? "&state=" + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8) : "");
        return new LocalHttpApi.Reply(302, List.of(Map.entry("location", location), Map.entry("cache-control", "no-store")),
                new byte[0]);
    }

    /** {@code POST} {@value #TOKEN_PATH}: a code and its PKCE verifier for the signed-in user's tokens. */
    LocalHttpApi.Reply token(byte[] body) {
        Map<String, String> form;
        try {
            form = form(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return error(400, "invalid_request", malformed.getMessage());
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "grant_type must be authorization_code");
        }
        if (!identities.audience().equals(form.get("client_id"))) {
            return error(400, "invalid_client", "client_id must be " + identities.audience());
        }
        // A code is good for one try, right or wrong.
        Grant grant = form.get("code") == null ? null : grants.remove(form.get("code"));
        Instant now = wallClock.instant();
        grants.values().removeIf(stale -> !now.isBefore(stale.expiresAt()));
        if (grant == null || !now.isBefore(grant.expiresAt()) || !grant.redirect().equals(form.get("redirect_uri"))
                || !isPkceValue(form.get("code_verifier")) || !grant.challenge().equals(s256(form.get("code_verifier")))) {
            return error(400, "invalid_grant", "the code is unknown, used, expired, or not this redirect_uri's and code_verifier's");
        }
        DemoUser user = grant.user();
        String token = identities.issue(user.user(), user.workspace(), user.groups(), now,
                LocalIdentityProvider.TOKEN_LIFETIME, grant.nonce());
        ObjectNode tokens = Json.mapper().createObjectNode();
        tokens.put("access_token", token);
        tokens.put("id_token", token);
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", LocalIdentityProvider.TOKEN_LIFETIME.toSeconds());
        return LocalHttpApi.Reply.json(200, tokens).withHeader("cache-control", "no-store");
    }

    /** The page a developer picks a demo user on: one link per user, the same request with its login_hint. */
    private LocalHttpApi.Reply chooser(String rawQuery) {
        StringBuilder page = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Sign in to hubstatus (local)</title></head>
                <body><main><h1>Sign in to hubstatus (local)</h1><p>Pick a demo user:</p><ul>
                """);
        for (DemoUser user : users) {
            String href = AUTHORIZE_PATH + "?" + rawQuery + "&login_hint=" + URLEncoder.encode(user.user(), StandardCharsets.UTF_8);
            page.append("<li><a href=\"").append(html(href)).append("\">").append(html(user.user())).append("</a> (")
                    .append(html(user.workspace())).append("): ").append(html(user.role())).append("</li>\n");
        }
        page.append("</ul></main></body></html>\n");
        return new LocalHttpApi.Reply(200, List.of(Map.entry("content-type", "text/html; charset=utf-8"),
                Map.entry("cache-control", "no-store")), page.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isLoopbackRedirect(String redirect) {
        if (redirect == null) {
            return false;
        }
        try {
            URI uri = new URI(redirect);
            return "http".equals(uri.getScheme()) && uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost())
                    && uri.getFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isPkceValue(String value) {
        return value != null && PKCE_VALUE.matcher(value).matches();
    }

    /** RFC 7636's S256: the base64url SHA-256 of the verifier. */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Form or query parameters, decoded; OAuth allows none twice. */
    private static Map<String, String> form(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : encoded == null ? new String[0] : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (parameters.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException(name + " is given twice");
            }
        }
        return parameters;
    }

    private static String randomCode() {
        byte[] code = new byte[32];
        CODES.nextBytes(code);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(code);
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static LocalHttpApi.Reply error(int status, String code, String description) {
        ObjectNode body = Json.mapper().createObjectNode().put("error", code).put("error_description", description);
        return LocalHttpApi.Reply.json(status, body).withHeader("cache-control", "no-store");
    }

    /** A code handed out and not yet exchanged. */
    private record Grant(DemoUser user, String redirect, String challenge, String nonce, Instant expiresAt) {
    }
}
