package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * The stack's own OpenID provider, standing in for the one a deployment names as its JwtIssuer
 * (Cognito, say). It signs RS256 tokens for demo users with an RSA key made at start (kept in the
 * data folder when there is one, so tokens outlive a restart on the same port), and publishes what
 * API Gateway's JWT authorizer and any OpenID client read: the discovery document at
 * {@value #DISCOVERY_PATH} and the public key set at {@value #JWKS_PATH}. Its issuer is the stack's
 * own base URL, so discovery works as it does against a real provider. The private key is never
 * printed or logged.
 */
final class LocalIdentityProvider {

    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    static final String KEY_FILE = "token-signing-key.jwk";
    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    static final String JWKS_PATH = "/.well-known/jwks.json";

    private static final int KEY_BITS = 2048;

    private final RSAKey key;
    private final JWSSigner signer;
    private final String issuer;
    private final String audience;
    private final String workspaceClaim;
    private final String groupsClaim;
    private final Clock wallClock;

    /**
     * @param key            the RSA key pair tokens are signed with; its {@code kid} names it in the JWKS
     * @param issuer         the {@code iss} of issued tokens: the stack's base URL, such as {@code http://127.0.0.1:3000}
     * @param audience       the {@code aud} of issued tokens
     * @param workspaceClaim the claim that names the user's workspace
     * @param groupsClaim    the claim that lists the user's groups
     */
    LocalIdentityProvider(RSAKey key, String issuer, String audience, String workspaceClaim, String groupsClaim,
                          Clock wallClock) {
        if (!key.isPrivate() || key.getKeyID() == null) {
            throw new IllegalArgumentException("the signing key must be a private RSA key with a kid");
        }
        this.key = key;
        try {
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the signing key cannot sign RS256", e);
        }
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.workspaceClaim = Objects.requireNonNull(workspaceClaim, "workspaceClaim");
        this.groupsClaim = Objects.requireNonNull(groupsClaim, "groupsClaim");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    /** A new RSA key pair for RS256, named by its thumbprint. */
    static RSAKey newSigningKey() {
        try {
            return new RSAKeyGenerator(KEY_BITS)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("every JDK can make an RSA key pair", e);
        }
    }

    /** A new key pair, or the one kept in {@code dataDir} (made there on first use, readable by its owner only). */
    static RSAKey signingKey(Path dataDir) {
        if (dataDir == null) {
            return newSigningKey();
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                RSAKey key = newSigningKey();
                try {
                    createPrivateFile(file);
                    Files.writeString(file, key.toJSONString());
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // another start made it meanwhile: read theirs
                }
            }
            RSAKey kept = RSAKey.parse(Files.readString(file));
            if (!kept.isPrivate() || kept.getKeyID() == null) {
                throw new ParseException("not a private key with a kid", 0);
            }
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the token signing key in " + dataDir, e);
        } catch (ParseException e) {
            // Not the parser's words: they might quote the key.
            throw new IllegalStateException(file + " is damaged; delete it to make a new key (tokens issued before stop working)");
        }
    }

    String issuer() {
        return issuer;
    }

    /** The {@code aud} of issued tokens, which is also the client id the sign-in takes. */
    String audience() {
        return audience;
    }

    /** A token for {@code user} in {@code workspace}, valid for {@link #TOKEN_LIFETIME} from now. */
    String issue(String user, String workspace, List<String> groups) {
        return issue(user, workspace, groups, wallClock.instant(), TOKEN_LIFETIME, null);
    }

    /** @param nonce what the sign-in's client asked to find in the token, or null */
    String issue(String user, String workspace, List<String> groups, Instant issuedAt, Duration lifetime, String nonce) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(user)
                .claim(workspaceClaim, workspace)
                .claim(groupsClaim, List.copyOf(groups))
                .claim("nonce", nonce)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .build();
        SignedJWT token = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with the stack's own RSA key failed", e);
        }
        return token.serialize();
    }

    /** When a token issued now expires. */
    Instant expiryOfNewTokens() {
        return wallClock.instant().plus(TOKEN_LIFETIME);
    }

    /** The public half of the signing key, as {@value #JWKS_PATH} serves it and the authorizer checks with it. */
    JWKSet jwks() {
        return new JWKSet(key.toPublicJWK());
    }

    /**
     * The OpenID Connect discovery document: where to sign in ({@link LocalSignIn}: the authorization
     * code flow with PKCE, for a public client), where the keys are, what is signed how, and which
     * claims the tokens carry.
     */
    ObjectNode discovery() {
        ObjectNode document = Json.mapper().createObjectNode();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", issuer + LocalSignIn.AUTHORIZE_PATH);
        document.put("token_endpoint", issuer + LocalSignIn.TOKEN_PATH);
        document.put("jwks_uri", issuer + JWKS_PATH);
        document.putArray("scopes_supported").add("openid");
        document.putArray("response_types_supported").add("code");
        document.putArray("grant_types_supported").add("authorization_code");
        document.putArray("code_challenge_methods_supported").add("S256");
        document.putArray("token_endpoint_auth_methods_supported").add("none");
        document.putArray("subject_types_supported").add("public");
        document.putArray("id_token_signing_alg_values_supported").add(JWSAlgorithm.RS256.getName());
        document.putArray("claims_supported")
                .add("iss").add("aud").add("sub").add("iat").add("exp").add(workspaceClaim).add(groupsClaim);
        return document;
    }

    private static void createPrivateFile(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }
}
