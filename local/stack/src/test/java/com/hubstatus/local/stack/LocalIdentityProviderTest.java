package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalIdentityProviderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String ISSUER = "http://127.0.0.1:3000";
    private static final RSAKey KEY = LocalIdentityProvider.newSigningKey();

    private final LocalIdentityProvider identities =
            new LocalIdentityProvider(KEY, ISSUER, "api", "workspace_id", "groups", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anIssuedTokenIsSignedRs256ByTheKeyItsKidNamesInTheJwks() throws Exception {
        // when
        SignedJWT token = SignedJWT.parse(identities.issue("alice", "ws-demo", List.of("g1", "g2")));

        // then
        assertEquals(JWSAlgorithm.RS256, token.getHeader().getAlgorithm());
        JWK published = identities.jwks().getKeyByKeyId(token.getHeader().getKeyID());
        assertTrue(token.verify(new RSASSAVerifier(published.toRSAKey())));
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertEquals(ISSUER, claims.getIssuer());
        assertEquals(List.of("api"), claims.getAudience());
        assertEquals("alice", claims.getSubject());
        assertEquals("ws-demo", claims.getStringClaim("workspace_id"));
        assertEquals(List.of("g1", "g2"), claims.getStringListClaim("groups"));
        assertEquals(Date.from(NOW), claims.getIssueTime());
        assertEquals(Date.from(NOW.plus(LocalIdentityProvider.TOKEN_LIFETIME)), claims.getExpirationTime());
    }

    @Test
    void theJwksPublishesThePublicHalfOnly() {
        // when
        JsonNode jwks = Json.mapper().valueToTree(identities.jwks().toJSONObject());

        // then
        assertEquals(1, jwks.get("keys").size());
        JsonNode key = jwks.get("keys").get(0);
        assertEquals("RSA", key.get("kty").asText());
        assertEquals("sig", key.get("use").asText());
        assertEquals("RS256", key.get("alg").asText());
        assertEquals(KEY.getKeyID(), key.get("kid").asText());
        assertTrue(key.has("n") && key.has("e"));
        for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi")) {
            assertFalse(key.has(privatePart), privatePart);
        }
    }

    @Test
    void theDiscoveryDocumentPointsAtTheSignInAndTheKeysAndSaysHowTokensAreSigned() {
        // when
        JsonNode discovery = identities.discovery();

        // then
        assertEquals(ISSUER, discovery.get("issuer").asText());
        assertEquals(ISSUER + "/_local/authorize", discovery.get("authorization_endpoint").asText());
        assertEquals(ISSUER + "/_local/token", discovery.get("token_endpoint").asText());
        assertEquals(ISSUER + "/.well-known/jwks.json", discovery.get("jwks_uri").asText());
        assertEquals("[\"RS256\"]", discovery.get("id_token_signing_alg_values_supported").toString());
        assertEquals("[\"code\"]", discovery.get("response_types_supported").toString());
        assertEquals("[\"S256\"]", discovery.get("code_challenge_methods_supported").toString());
        assertEquals("[\"public\"]", discovery.get("subject_types_supported").toString());
        assertTrue(discovery.get("claims_supported").toString().contains("\"workspace_id\""));
    }

    @Test
    void aDataFolderKeepsTheSigningKeySoTokensOutliveARestart(@TempDir Path dataDir) throws Exception {
        // when
        RSAKey first = LocalIdentityProvider.signingKey(dataDir);
        RSAKey second = LocalIdentityProvider.signingKey(dataDir);

        // then
        assertEquals(first, second);
        assertTrue(first.isPrivate());
        assertEquals(2048, first.size());
        Path file = dataDir.resolve(LocalIdentityProvider.KEY_FILE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertNotEquals(LocalIdentityProvider.signingKey(null).getKeyID(), LocalIdentityProvider.signingKey(null).getKeyID(),
                "without a folder, a new key per start");
    }

    @Test
    void aDamagedKeyFileIsRefusedWithoutQuotingIt(@TempDir Path dataDir) throws Exception {
        // given
        Files.writeString(dataDir.resolve(LocalIdentityProvider.KEY_FILE), "{\"kty\":\"RSA\",\"secret-looking\":\"xyz\"}");

        // when
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> LocalIdentityProvider.signingKey(dataDir));

        // then
        assertTrue(refused.getMessage().endsWith("is damaged; delete it to make a new key (tokens issued before stop working)"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("xyz"));
    }
}
