package com.hubstatus.local.emulators.automation;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an IAM-authorized API Gateway checks of a request before it lets it in, as far as a local
 * stand-in can: an AWS Signature Version 4 {@code Authorization} header for {@code execute-api} in
 * the expected region, an {@code X-Amz-Date} of the scope's day, the {@code Host} and the date among
 * the signed headers, and, for an access key whose secret it was given, the signature itself.
 * It checks no clock skew and no IAM policy.
 */
public final class SigV4Verifier {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String SERVICE = "execute-api";

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([^,\\s]+)");
    private static final Pattern AMZ_DATE = Pattern.compile("(\\d{8})T\\d{6}Z");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final Map<String, String> secretsByAccessKeyId;

    /**
     * @param region               the region requests must be signed for
     * @param secretsByAccessKeyId the secret keys of the access keys whose signatures it recomputes;
     *                             when given, a request signed with any other access key is refused
     */
    public SigV4Verifier(String region, Map<String, String> secretsByAccessKeyId) {
        this.region = Objects.requireNonNull(region, "region");
        this.secretsByAccessKeyId = Map.copyOf(secretsByAccessKeyId);
    }

    /** The request as it arrived; {@code headers} finds a header's values by any case of its name. */
    public record Request(String method, String rawPath, String rawQuery, Function<String, List<String>> headers,
                          byte[] body) {
    }

    /** Why the request is not signed as required, or null when it is. */
    public String problem(Request request) {
        String authorization = first(request, "Authorization");
        if (authorization == null) {
            return "Missing Authentication Token";
        }
        Matcher auth = AUTHORIZATION.matcher(authorization.strip());
        if (!auth.matches()) {
            return "Authorization header is not an " + ALGORITHM + " signature";
        }
        String[] scope = auth.group(1).split("/", -1);
        if (scope.length != 5 || !scope[4].equals("aws4_request") || scope[0].isEmpty()) {
            return "Credential is not of the form key/date/region/service/aws4_request";
        }
        String accessKeyId = scope[0];
        if (!scope[2].equals(region)) {
            return "Credential should be scoped to a valid region, not '" + scope[2] + "'";
        }
        if (!scope[3].equals(SERVICE)) {
            return "Credential should be scoped to correct service: '" + SERVICE + "'";
        }
        String amzDate = first(request, "X-Amz-Date");
        if (amzDate == null) {
            return "X-Amz-Date is missing";
        }
        Matcher date = AMZ_DATE.matcher(amzDate);
        if (!date.matches()) {
            return "X-Amz-Date is not of the form yyyyMMddTHHmmssZ";
        }
        if (!date.group(1).equals(scope[1])) {
            return "Credential's date does not match X-Amz-Date";
        }
        List<String> signedHeaders = List.of(auth.group(2).split(";"));
        if (!signedHeaders.contains("host")) {
            return "the Host header is not signed";
        }
        if (!signedHeaders.contains("x-amz-date")) {
            return "X-Amz-Date is not signed";
        }
        for (String name : signedHeaders) {
            if (!name.equals(name.toLowerCase(Locale.ROOT)) || request.headers().apply(name).isEmpty()) {
                return "the signed header '" + name + "' is not in the request";
            }
        }
        if (!SIGNATURE.matcher(auth.group(3)).matches()) {
            return "Signature is not 64 hex digits";
        }
        if (secretsByAccessKeyId.isEmpty()) {
            return null;
        }
        String bodyHash = HEX.formatHex(sha256(request.body()));
        String contentHash = first(request, "X-Amz-Content-Sha256");
        if (contentHash != null && !contentHash.equals(bodyHash)) {
            return "The provided x-amz-content-sha256 header does not match what was computed";
        }
        String secret = secretsByAccessKeyId.get(accessKeyId);
        if (secret == null) {
            return "The security token included in the request is invalid";
        }
        String expected = signature(request, secret, amzDate, scope, signedHeaders, bodyHash);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.group(3).getBytes(StandardCharsets.US_ASCII))) {
            return "The request signature we calculated does not match the signature you provided";
        }
        return null;
    }

    private String signature(Request request, String secret, String amzDate, String[] scope, List<String> signedHeaders,
                             String bodyHash) {
        StringBuilder canonical = new StringBuilder()
                .append(request.method()).append('\n')
                .append(canonicalUri(request.rawPath())).append('\n')
                .append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = new ArrayList<>();
            for (String value : request.headers().apply(name)) {
                values.add(value.strip().replaceAll("\\s+", " "));
            }
            canonical.append(name).append(':').append(String.join(",", values)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
        canonical.append(bodyHash);

        String credentialScope = String.join("/", scope[1], scope[2], scope[3], scope[4]);
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n'
                + HEX.formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, scope[4]);
        return HEX.formatHex(hmac(key, stringToSign));
    }

    /** Each segment of the (already encoded) path encoded once more, as SigV4 does for services other than S3. */
    private static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder uri = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                uri.append('/');
            }
            uri.append(encode(segments[i]));
        }
        return uri.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            pairs.add(pair.contains("=") ? pair : pair + "=");
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String first(Request request, String name) {
        List<String> values = request.headers().apply(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
