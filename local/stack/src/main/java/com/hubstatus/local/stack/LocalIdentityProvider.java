package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.testbed.SamFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stands in for the identity provider and for API Gateway's JWT authorizer. It signs HS256 tokens
 * for demo users with a key made at start (kept in the data folder when there is one, so tokens
 * outlive a restart), and verifies a request's token as the authorizer would: signature, expiry
 * against the wall clock (the authorizer is infrastructure, not business time, so moving the
 * stack's clock expires no token), issuer and audience. The key is never printed or logged.
 */
final class LocalIdentityProvider {

    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    static final String KEY_FILE = "token-signing-key";

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final String issuer;
    private final String audience;
    private final String workspaceClaim;
    private final String groupsClaim;
    private final Clock wallClock;

    /**
     * @param issuer         the {@code iss} of issued tokens
     * @param audience       the {@code aud} of issued tokens
     * @param workspaceClaim the claim that names the user's workspace
     * @param groupsClaim    the claim that lists the user's groups
     */
    LocalIdentityProvider(byte[] key, String issuer, String audience, String workspaceClaim, String groupsClaim,
                          Clock wallClock) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.workspaceClaim = Objects.requireNonNull(workspaceClaim, "workspaceClaim");
        this.groupsClaim = Objects.requireNonNull(groupsClaim, "groupsClaim");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    /** A new random key, or the one kept in {@code dataDir} (made there on first use). */
    static byte[] signingKey(Path dataDir) {
        if (dataDir == null) {
            return randomKey();
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] key = randomKey();
                try {
                    createPrivateFile(file);
                    Files.writeString(file, Base64.getEncoder().encodeToString(key));
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // another start made it meanwhile: read theirs
                }
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the token signing key in " + dataDir, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is damaged; delete it to make a new key (tokens issued before stop working)");
        }
    }

    /** A token for {@code user} in {@code workspace}, valid for {@link #TOKEN_LIFETIME} from now. */
    String issue(String user, String workspace, List<String> groups) {
        return issue(user, workspace, groups, wallClock.instant(), TOKEN_LIFETIME);
    }

    String issue(String user, String workspace, List<String> groups, Instant issuedAt, Duration lifetime) {
        ObjectNode claims = Json.mapper().createObjectNode();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", user);
        claims.put(workspaceClaim, workspace);
        groups.forEach(claims.putArray(groupsClaim)::add);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.plus(lifetime).getEpochSecond());
        String signed = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claims.toString());
        return signed + "." + BASE64URL.encodeToString(sign(signed));
    }

    /** When a token issued now expires. */
    Instant expiryOfNewTokens() {
        return wallClock.instant().plus(TOKEN_LIFETIME);
    }

    /**
     * The token's claims if the authorizer would let it through: the signature is this provider's,
     * it has not expired, its issuer is the authorizer's and one of its audiences is.
     */
    Optional<ObjectNode> verify(String token, SamFunction.JwtAuthorizer authorizer) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = Json.mapper().readTree(BASE64URL_DECODER.decode(parts[0]));
            // Only the algorithm this provider signs with: never "none", never one the token picks.
            if (header == null || !"HS256".equals(header.path("alg").asText())) {
                return Optional.empty();
            }
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, BASE64URL_DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            if (!(Json.mapper().readTree(BASE64URL_DECODER.decode(parts[1])) instanceof ObjectNode claims)) {
                return Optional.empty();
            }
            long now = wallClock.instant().getEpochSecond();
            if (!claims.path("exp").isNumber() || now >= claims.get("exp").asLong()) {
                return Optional.empty();
            }
            if (claims.has("nbf") && (!claims.get("nbf").isNumber() || now < claims.get("nbf").asLong())) {
                return Optional.empty();
            }
            if (!authorizer.issuer().equals(claims.path("iss").asText(null))) {
                return Optional.empty();
            }
            return hasAudience(claims, authorizer.audiences()) ? Optional.of(claims) : Optional.empty();
        } catch (IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** Cognito access tokens carry the audience as client_id instead of aud. */
    private static boolean hasAudience(ObjectNode claims, List<String> audiences) {
        List<String> presented = new ArrayList<>();
        JsonNode aud = claims.path("aud");
        if (aud.isArray()) {
            aud.forEach(a -> presented.add(a.asText()));
        } else if (aud.isTextual()) {
            presented.add(aud.asText());
        }
        if (claims.path("client_id").isTextual()) {
            presented.add(claims.get("client_id").asText());
        }
        return presented.stream().anyMatch(audiences::contains);
    }

    /**
     * The claims as API Gateway hands them to a function (payload 2.0): every value a string,
     * numbers and booleans written out, an array flattened to {@code [a b]}.
     */
    static Map<String, String> asApiGatewayClaims(ObjectNode claims) {
        Map<String, String> flat = new LinkedHashMap<>();
        claims.properties().forEach(claim -> {
            JsonNode value = claim.getValue();
            if (value.isNull()) {
                return;
            }
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
                flat.put(claim.getKey(), "[" + String.join(" ", items) + "]");
            } else {
                flat.put(claim.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        });
        return flat;
    }

    /** The token's OAuth scopes ({@code scope}, space-separated, or {@code scp}), or null when it has none. */
    static List<String> scopes(ObjectNode claims) {
        JsonNode scope = claims.has("scope") ? claims.get("scope") : claims.path("scp");
        if (scope.isTextual() && !scope.asText().isBlank()) {
            return Arrays.stream(scope.asText().strip().split("\\s+")).toList();
        }
        if (scope.isArray()) {
            List<String> scopes = new ArrayList<>();
            scope.forEach(s -> scopes.add(s.asText()));
            return scopes;
        }
        return null;
    }

    private byte[] sign(String content) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(content.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static void createPrivateFile(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }
}
