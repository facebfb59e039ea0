package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.testbed.SamFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalIdentityProviderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final SamFunction.JwtAuthorizer AUTHORIZER = new SamFunction.JwtAuthorizer("Jwt",
            "$request.header.Authorization", "https://issuer.test", List.of("other-api", "api"));
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static LocalIdentityProvider provider(byte[] key, String issuer, String audience, Instant now) {
        return new LocalIdentityProvider(key, issuer, audience, "workspace_id", "groups", Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void anIssuedTokenCarriesTheClaimsTheFunctionsReadAndPassesTheAuthorizer() {
        // given
        LocalIdentityProvider identities = provider(KEY, "https://issuer.test", "api", NOW);

        // when
        ObjectNode claims = identities.verify(identities.issue("alice", "ws-demo", List.of("g1", "g2")), AUTHORIZER)
                .orElseThrow();

        // then
        assertEquals("https://issuer.test", claims.get("iss").asText());
        assertEquals("api", claims.get("aud").asText());
        assertEquals("alice", claims.get("sub").asText());
        assertEquals("ws-demo", claims.get("workspace_id").asText());
        assertEquals("[\"g1\",\"g2\"]", claims.get("groups").toString());
        assertEquals(NOW.getEpochSecond(), claims.get("iat").asLong());
        assertEquals(NOW.plus(LocalIdentityProvider.TOKEN_LIFETIME).getEpochSecond(), claims.get("exp").asLong());
    }

    @Test
    void theAuthorizerRefusesExpiredForgedForeignAndUnsignedTokens() {
        LocalIdentityProvider identities = provider(KEY, "https://issuer.test", "api", NOW);
        String token = identities.issue("alice", "ws-demo", List.of());
        String[] parts = token.split("\\.");

        // expired, against the wall clock the provider was given
        assertTrue(provider(KEY, "https://issuer.test", "api", NOW.plus(Duration.ofHours(25))).verify(token, AUTHORIZER).isEmpty());
        // signed with another key
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertTrue(provider(otherKey, "https://issuer.test", "api", NOW).verify(token, AUTHORIZER).isEmpty());
        // claims changed after signing
        String widened = encode("{\"iss\":\"https://issuer.test\",\"aud\":\"api\",\"sub\":\"alice\",\"workspace_id\":\"ws-other\","
                + "\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + "}");
        assertTrue(identities.verify(parts[0] + "." + widened + "." + parts[2], AUTHORIZER).isEmpty());
        // another issuer, another audience
        assertTrue(provider(KEY, "https://elsewhere.test", "api", NOW)
                .verify(provider(KEY, "https://elsewhere.test", "api", NOW).issue("a", "w", List.of()), AUTHORIZER).isEmpty());
        assertTrue(identities.verify(provider(KEY, "https://issuer.test", "not-this-api", NOW).issue("a", "w", List.of()),
                AUTHORIZER).isEmpty());
        // no signature at all
        assertTrue(identities.verify(encode("{\"alg\":\"none\"}") + "." + parts[1] + ".", AUTHORIZER).isEmpty());
        // not a token
        assertTrue(identities.verify("a.b", AUTHORIZER).isEmpty());
        assertTrue(identities.verify("!!.??.**", AUTHORIZER).isEmpty());
        assertTrue(identities.verify(null, AUTHORIZER).isEmpty());
    }

    @Test
    void claimsReachAFunctionAsApiGatewayPassesThem() throws Exception {
        // given
        ObjectNode claims = (ObjectNode) Json.mapper().readTree(
                "{\"sub\":\"alice\",\"groups\":[\"a\",\"b\"],\"exp\":1795430400,\"email_verified\":true,"
                        + "\"address\":{\"country\":\"ES\"},\"nothing\":null,\"scope\":\"things/read things/write\"}");

        // when
        Map<String, String> passed = LocalIdentityProvider.asApiGatewayClaims(claims);

        // then
        assertEquals("alice", passed.get("sub"));
        assertEquals("[a b]", passed.get("groups"));
        assertEquals("1795430400", passed.get("exp"));
        assertEquals("true", passed.get("email_verified"));
        assertEquals("{\"country\":\"ES\"}", passed.get("address"));
        assertFalse(passed.containsKey("nothing"));
        assertEquals(List.of("things/read", "things/write"), LocalIdentityProvider.scopes(claims));
        assertNull(LocalIdentityProvider.scopes(Json.mapper().createObjectNode()));
    }

    @Test
    void aDataFolderKeepsTheSigningKeySoTokensOutliveARestart(@TempDir Path dataDir) throws Exception {
        // when
        byte[] first = LocalIdentityProvider.signingKey(dataDir);
        byte[] second = LocalIdentityProvider.signingKey(dataDir);

        // then
        assertArrayEquals(first, second);
        assertEquals(32, first.length);
        Path file = dataDir.resolve(LocalIdentityProvider.KEY_FILE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertFalse(java.util.Arrays.equals(LocalIdentityProvider.signingKey(null), LocalIdentityProvider.signingKey(null)),
                "without a folder, a new key per start");
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
