package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.SamFunction;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * API Gateway's JWT authorizer, locally. A request's token passes when it would pass there: signed
 * RS256 by the key its {@code kid} names in the issuer's JWKS, {@code iss} the authorizer's issuer,
 * {@code aud} one of its audiences (or, only when there is no {@code aud}, {@code client_id}),
 * {@code exp} after now, {@code nbf} and {@code iat}, when present, not after now. Anything else,
 * an HS256 or unsigned token included, is refused. Time is the wall clock: the authorizer is
 * infrastructure, not business time, so moving the stack's clock expires no token.
 */
final class LocalJwtAuthorizer {

    private final DefaultJWTProcessor<SecurityContext> signatures = new DefaultJWTProcessor<>();
    private final Clock wallClock;

    /** @param jwks the issuer's public keys, as its {@code jwks_uri} serves them */
    LocalJwtAuthorizer(JWKSet jwks, Clock wallClock) {
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        JWSKeySelector<SecurityContext> byKeyId =
                new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks.toPublicJWKSet()));
        // A token without a kid names no key of the JWKS, so none may verify it.
        signatures.setJWSKeySelector((header, context) ->
                header.getKeyID() == null ? List.of() : byKeyId.selectJWSKeys(header, context));
        // API Gateway reads neither typ nor anything but the claims below.
        signatures.setJWSTypeVerifier((type, context) -> { });
        signatures.setJWTClaimsSetVerifier((claims, context) -> { });
    }

    /** The token's claims if {@code authorizer} lets it through, else empty. */
    Optional<ObjectNode> verify(String token, SamFunction.JwtAuthorizer authorizer) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        JWTClaimsSet claims;
        try {
            claims = signatures.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException refused) {
            return Optional.empty();
        }
        if (!authorizer.issuer().equals(claims.getIssuer()) || !hasAudience(claims, authorizer.audiences())) {
            return Optional.empty();
        }
        Instant now = wallClock.instant();
        if (!isAfter(claims.getExpirationTime(), now) || isAfter(claims.getNotBeforeTime(), now)
                || isAfter(claims.getIssueTime(), now)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) Json.mapper().readTree(claims.toString()));
        } catch (IOException unreachable) {
            return Optional.empty();
        }
    }

    /** {@code aud} when the token has one; {@code client_id} (Cognito's access tokens) only when it has none. */
    private static boolean hasAudience(JWTClaimsSet claims, List<String> audiences) {
        if (!claims.getAudience().isEmpty()) {
            return claims.getAudience().stream().anyMatch(audiences::contains);
        }
        try {
            String clientId = claims.getStringClaim("client_id");
            return clientId != null && audiences.contains(clientId);
        } catch (ParseException notAString) {
            return false;
        }
    }

    private static boolean isAfter(Date time, Instant now) {
        return time != null && time.toInstant().isAfter(now);
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
}
