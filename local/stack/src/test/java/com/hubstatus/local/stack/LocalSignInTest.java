package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.MovableClock;
import com.hubstatus.local.emulators.SamFunction;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalSignInTest {

    private static final String ISSUER = "http://127.0.0.1:3000";
    private static final String REDIRECT = "http://127.0.0.1:3000/signed-in";
    private static final String VERIFIER = "a-verifier-of-at-least-forty-three-characters-0123456789";
    private static final String CHALLENGE = LocalSignIn.s256(VERIFIER);
    private static final String AUTHORIZE = "response_type=code&client_id=hubstatus-local&redirect_uri="
            + "http%3A%2F%2F127.0.0.1%3A3000%2Fsigned-in&state=s%201&code_challenge=" + CHALLENGE
            + "&code_challenge_method=S256&scope=openid";

    private static final RSAKey KEY = LocalIdentityProvider.newSigningKey();

    private final MovableClock clock = MovableClock.fixedAt(Instant.parse("2026-11-23T10:00:00Z"));
    private final LocalIdentityProvider identities =
            new LocalIdentityProvider(KEY, ISSUER, "hubstatus-local", "workspace_id", "groups", clock);
    private final LocalSignIn signIn = new LocalSignIn(identities, DemoUser.all("hubstatus-operators"), clock);

    @Test
    void aDemoUserSignsInWithTheCodeFlowAndGetsTokensTheAuthorizerTakes() throws Exception {
        // when olivia is picked, and the code is exchanged with its verifier
        LocalHttpApi.Reply redirect = signIn.authorize(AUTHORIZE + "&nonce=n-1&login_hint=olivia");
        LocalHttpApi.Reply tokens = signIn.token(tokenRequest(code(redirect), VERIFIER, REDIRECT));

        // then the client is sent back with its state, and gets a token for olivia
        assertEquals(302, redirect.status());
        assertTrue(header(redirect, "location").startsWith(REDIRECT + "?code="), header(redirect, "location"));
        assertTrue(header(redirect, "location").endsWith("&state=s+1"), header(redirect, "location"));
        assertEquals(200, tokens.status(), new String(tokens.body(), StandardCharsets.UTF_8));
        JsonNode answer = Json.mapper().readTree(tokens.body());
        assertEquals("Bearer", answer.get("token_type").asText());
        assertEquals(86_400, answer.get("expires_in").asInt());
        assertEquals(answer.get("access_token"), answer.get("id_token"));
        ObjectNode claims = new LocalJwtAuthorizer(identities.jwks(), clock).verify(answer.get("id_token").asText(),
                new SamFunction.JwtAuthorizer("Jwt", "$request.header.Authorization", ISSUER, List.of("hubstatus-local")))
                .orElseThrow();
        assertEquals("olivia", claims.get("sub").asText());
        assertEquals("ws-demo", claims.get("workspace_id").asText());
        assertEquals("[\"hubstatus-operators\"]", claims.get("groups").toString());
        assertEquals("n-1", claims.get("nonce").asText());
    }

    @Test
    void withoutALoginHintThePageOffersEveryDemoUser() {
        LocalHttpApi.Reply page = signIn.authorize(AUTHORIZE);

        assertEquals(200, page.status());
        assertTrue(header(page, "content-type").startsWith("text/html"));
        String html = new String(page.body(), StandardCharsets.UTF_8);
        for (String user : List.of("alice", "bob", "olivia", "mallory")) {
            assertTrue(html.contains("&amp;login_hint=" + user + "\""), html);
        }
    }

    static Stream<Arguments> refusedAuthorizations() {
        return Stream.of(
                Arguments.of("another client", AUTHORIZE.replace("client_id=hubstatus-local", "client_id=other"), "unauthorized_client"),
                Arguments.of("a redirect off this machine", AUTHORIZE.replace("127.0.0.1%3A3000", "evil.test"), "invalid_request"),
                Arguments.of("a redirect over https elsewhere", AUTHORIZE.replace("http%3A%2F%2F127.0.0.1", "https%3A%2F%2Fevil.test"),
                        "invalid_request"),
                Arguments.of("a redirect with a fragment", AUTHORIZE.replace("signed-in", "signed-in%23x"), "invalid_request"),
                Arguments.of("the implicit flow", AUTHORIZE.replace("response_type=code", "response_type=token"),
                        "unsupported_response_type"),
                Arguments.of("PKCE's plain method", AUTHORIZE.replace("code_challenge_method=S256", "code_challenge_method=plain"),
                        "invalid_request"),
                Arguments.of("no PKCE at all", AUTHORIZE.replace("&code_challenge=" + CHALLENGE, ""), "invalid_request"),
                Arguments.of("an unknown user", AUTHORIZE + "&login_hint=eve", "invalid_request"),
                Arguments.of("a parameter twice", AUTHORIZE + "&state=again", "invalid_request"),
                Arguments.of("a malformed escape", AUTHORIZE + "&nonce=%ZZ", "invalid_request"),
                Arguments.of("nothing", null, "unauthorized_client"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAuthorizations")
    void anAuthorizationRequestItCannotTrustIsRefusedNotRedirected(String description, String query, String error)
            throws Exception {
        LocalHttpApi.Reply refused = signIn.authorize(query);

        assertEquals(400, refused.status());
        assertEquals(error, Json.mapper().readTree(refused.body()).get("error").asText());
    }

    @Test
    void aCodeIsGoodOnceWithinAMinuteForItsVerifierAndRedirectOnly() throws Exception {
        String code = code(signIn.authorize(AUTHORIZE + "&login_hint=alice"));
        assertEquals("invalid_grant", error(signIn.token(tokenRequest(code, VERIFIER.replace('a', 'b'), REDIRECT))),
                "another verifier");
        assertEquals("invalid_grant", error(signIn.token(tokenRequest(code, VERIFIER, REDIRECT))), "tried once already");

        String other = code(signIn.authorize(AUTHORIZE + "&login_hint=alice"));
        assertEquals("invalid_grant", error(signIn.token(tokenRequest(other, VERIFIER, "http://127.0.0.1:3000/elsewhere"))),
                "another redirect_uri");

        String late = code(signIn.authorize(AUTHORIZE + "&login_hint=alice"));
        clock.advance(LocalSignIn.CODE_LIFETIME.plus(Duration.ofSeconds(1)));
        assertEquals("invalid_grant", error(signIn.token(tokenRequest(late, VERIFIER, REDIRECT))), "expired");

        String wrongGrant = code(signIn.authorize(AUTHORIZE + "&login_hint=alice"));
        assertEquals("unsupported_grant_type", error(signIn.token(("grant_type=password&code=" + wrongGrant)
                .getBytes(StandardCharsets.UTF_8))));
        assertEquals("invalid_client", error(signIn.token(("grant_type=authorization_code&client_id=other&code=" + wrongGrant)
                .getBytes(StandardCharsets.UTF_8))));
    }

    // ---- steps ------------------------------------------------------------------------------------

    private static String code(LocalHttpApi.Reply redirect) {
        assertEquals(302, redirect.status(), new String(redirect.body(), StandardCharsets.UTF_8));
        String query = URI.create(header(redirect, "location")).getRawQuery();
        return query.substring("code=".length(), query.indexOf('&') < 0 ? query.length() : query.indexOf('&'));
    }

    private static byte[] tokenRequest(String code, String verifier, String redirect) {
        return ("grant_type=authorization_code&client_id=hubstatus-local&code=" + code + "&code_verifier=" + verifier
                + "&redirect_uri=" + redirect.replace(":", "%3A").replace("/", "%2F")).getBytes(StandardCharsets.UTF_8);
    }

    private static String error(LocalHttpApi.Reply reply) throws Exception {
        assertEquals(400, reply.status());
        return Json.mapper().readTree(reply.body()).get("error").asText();
    }

    private static String header(LocalHttpApi.Reply reply, String name) {
        return reply.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
