package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.SamFunction;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local authorizer lets a token through exactly when API Gateway's JWT authorizer would. */
class LocalJwtAuthorizerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String ISSUER = "http://127.0.0.1:3000";
    private static final SamFunction.JwtAuthorizer AUTHORIZER = new SamFunction.JwtAuthorizer("Jwt",
            "$request.header.Authorization", ISSUER, List.of("other-api", "api"));
    private static final RSAKey KEY = LocalIdentityProvider.newSigningKey();
    private static final RSAKey OTHER_KEY = LocalIdentityProvider.newSigningKey();
    private static final byte[] HMAC_SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final LocalJwtAuthorizer authorizer =
            new LocalJwtAuthorizer(new JWKSet(KEY.toPublicJWK()), Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> tokens() {
        return Stream.of(
                row("a token the stack's provider issued", issued(NOW), true),
                row("one issued an hour ago", issued(NOW.minus(Duration.ofHours(1))), true),
                row("one that expired", issued(NOW.minus(Duration.ofHours(25))), false),
                row("one that expires this very second", rs256(KEY, claims(c -> c.expirationTime(Date.from(NOW)))), false),
                row("one without exp", rs256(KEY, claims(c -> c.expirationTime(null))), false),
                row("one not valid before later", rs256(KEY, claims(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(60))))), false),
                row("one valid from earlier", rs256(KEY, claims(c -> c.notBeforeTime(Date.from(NOW.minusSeconds(60))))), true),
                row("one issued in the future", rs256(KEY, claims(c -> c.issueTime(Date.from(NOW.plusSeconds(60))))), false),
                row("another issuer", rs256(KEY, claims(c -> c.issuer("https://elsewhere.test"))), false),
                row("another audience", rs256(KEY, claims(c -> c.audience("not-this-api"))), false),
                row("several audiences, one of them the API's", rs256(KEY, claims(c -> c.audience(List.of("x", "api")))), true),
                row("no aud, client_id the API's", rs256(KEY, claims(c -> c.audience((String) null).claim("client_id", "api"))), true),
                row("aud another API's, client_id this one's",
                        rs256(KEY, claims(c -> c.audience("x").claim("client_id", "api"))), false),
                row("no aud and no client_id", rs256(KEY, claims(c -> c.audience((String) null))), false),
                row("signed by a key the JWKS lacks", rs256(OTHER_KEY, claims(c -> c)), false),
                row("signed by another key under the JWKS key's kid", signed(JWSAlgorithm.RS256, KEY.getKeyID(),
                        rsaSigner(OTHER_KEY), claims(c -> c)), false),
                row("signed without a kid", signed(JWSAlgorithm.RS256, null, rsaSigner(KEY), claims(c -> c)), false),
                row("signed RS512 by the right key", signed(JWSAlgorithm.RS512, KEY.getKeyID(), rsaSigner(KEY), claims(c -> c)), false),
                row("signed HS256", signed(JWSAlgorithm.HS256, KEY.getKeyID(), hmacSigner(), claims(c -> c)), false),
                row("unsigned (alg none)", new PlainJWT(claims(c -> c)).serialize(), false),
                row("claims widened after signing", widened(), false),
                row("not a token", "not-a-jwt", false),
                row("three parts of nothing", "!!.??.**", false),
                row("empty", "", false),
                row("absent", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void refusesWhatApiGatewayRefuses(String description, String token, boolean passes) {
        assertEquals(passes, authorizer.verify(token, AUTHORIZER).isPresent(), description);
    }

    @Test
    void aTokenThatPassesGivesItsClaimsAsJson() {
        ObjectNode claims = authorizer.verify(issued(NOW), AUTHORIZER).orElseThrow();

        assertEquals("alice", claims.get("sub").asText());
        assertEquals("api", claims.get("aud").asText());
        assertEquals("[\"g1\"]", claims.get("groups").toString());
        assertEquals(NOW.plus(Duration.ofHours(24)).getEpochSecond(), claims.get("exp").asLong());
    }

    @Test
    void claimsReachAFunctionAsApiGatewayPassesThem() throws Exception {
        // given
        ObjectNode claims = (ObjectNode) Json.mapper().readTree(
                "{\"sub\":\"alice\",\"groups\":[\"a\",\"b\"],\"exp\":1795430400,\"email_verified\":true,"
                        + "\"address\":{\"country\":\"ES\"},\"nothing\":null,\"scope\":\"things/read things/write\"}");

        // when
        Map<String, String> passed = LocalJwtAuthorizer.asApiGatewayClaims(claims);

        // then
        assertEquals("alice", passed.get("sub"));
        assertEquals("[a b]", passed.get("groups"));
        assertEquals("1795430400", passed.get("exp"));
        assertEquals("true", passed.get("email_verified"));
        assertEquals("{\"country\":\"ES\"}", passed.get("address"));
        assertFalse(passed.containsKey("nothing"));
        assertEquals(List.of("things/read", "things/write"), LocalJwtAuthorizer.scopes(claims));
        assertTrue(LocalJwtAuthorizer.scopes((ObjectNode) Json.mapper().readTree("{\"scp\":[\"a\"]}")).contains("a"));
        assertNull(LocalJwtAuthorizer.scopes(Json.mapper().createObjectNode()));
    }

    // ---- tokens -----------------------------------------------------------------------------------

    private static String issued(Instant at) {
        return new LocalIdentityProvider(KEY, ISSUER, "api", "workspace_id", "groups", Clock.fixed(at, ZoneOffset.UTC))
                .issue("alice", "ws-demo", List.of("g1"));
    }

    /** The claims an issued token has, changed by {@code change}. */
    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("api")
                .subject("alice")
                .claim("workspace_id", "ws-demo")
                .issueTime(Date.from(NOW.minusSeconds(10)))
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))))).build();
    }

    private static String rs256(RSAKey key, JWTClaimsSet claims) {
        return signed(JWSAlgorithm.RS256, key.getKeyID(), rsaSigner(key), claims);
    }

    private static String signed(JWSAlgorithm algorithm, String keyId, JWSSigner signer, JWTClaimsSet claims) {
        try {
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).type(JOSEObjectType.JWT).build(),
                    claims);
            token.sign(signer);
            return token.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner rsaSigner(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner hmacSigner() {
        try {
            return new MACSigner(HMAC_SECRET);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token the provider signed, with the workspace claim changed afterwards. */
    private static String widened() {
        String[] parts = issued(NOW).split("\\.");
        String otherWorkspace = claims(c -> c.claim("workspace_id", "ws-other")).toString();
        return parts[0] + "." + Base64URL.encode(otherWorkspace.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static Arguments row(Object... values) {
        return Arguments.of(values);
    }
}
