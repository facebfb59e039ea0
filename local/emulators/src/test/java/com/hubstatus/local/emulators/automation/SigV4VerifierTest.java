package com.hubstatus.local.emulators.automation;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The verifier against requests the AWS SDK's own SigV4 signer signed, whole and then altered one way at a time. */
class SigV4VerifierTest {

    private static final URI URL = URI.create("http://127.0.0.1:41825/meta-business-manager/checks");
    private static final byte[] BODY = "{\"app\":\"meta-business-manager\"}".getBytes(StandardCharsets.UTF_8);
    private static final SigV4Verifier VERIFIER = new SigV4Verifier("us-east-1", Map.of("AKIDLOCAL", "local-secret"));
    private static final SigV4Verifier SHAPE_ONLY = new SigV4Verifier("us-east-1", Map.of());

    /** The headers as sent, by lower-case name, the way a server looks them up. */
    private static Map<String, List<String>> signed(String service, String region, AwsCredentialsIdentity identity) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URL)
                .putHeader("Content-Type", "application/json")
                .putHeader("Idempotency-Key", "check-hub-1-1")
                .build();
        Map<String, List<String>> headers = new TreeMap<>();
        AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                        .payload(ContentStreamProvider.fromByteArray(BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region))
                .request().headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        return headers;
    }

    private static Map<String, List<String>> signed() {
        return signed("execute-api", "us-east-1", AwsSessionCredentialsIdentity.create("AKIDLOCAL", "local-secret", "token"));
    }

    private static String problem(SigV4Verifier verifier, Map<String, List<String>> headers, byte[] body) {
        return verifier.problem(new SigV4Verifier.Request("POST", URL.getRawPath(), null,
                name -> headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()), body));
    }

    private static String problem(UnaryOperator<Map<String, List<String>>> change) {
        return problem(VERIFIER, change.apply(new TreeMap<>(signed())), BODY);
    }

    private static Map<String, List<String>> with(Map<String, List<String>> headers, String name, String value) {
        headers.put(name, List.of(value));
        return headers;
    }

    private static String authorization(Map<String, List<String>> headers) {
        return headers.get("authorization").getFirst();
    }

    @Test
    void aRequestTheSdkSignedPasses() {
        assertNull(problem(VERIFIER, signed(), BODY));
        assertNull(problem(SHAPE_ONLY, signed(), BODY));
    }

    @Test
    void anUnsignedRequestIsRefusedAsApiGatewayRefusesIt() {
        Map<String, List<String>> unsigned = Map.of("host", List.of("127.0.0.1:41825"),
                "content-type", List.of("application/json"));
        assertEquals("Missing Authentication Token", problem(VERIFIER, unsigned, BODY));
        assertEquals("Missing Authentication Token", problem(SHAPE_ONLY, unsigned, BODY));
    }

    @Test
    void everyAlterationOfASignedRequestIsRefused() {
        record Case(String what, UnaryOperator<Map<String, List<String>>> change, String problem) {
        }
        List<Case> cases = List.of(
                new Case("another scheme", h -> with(h, "authorization", authorization(h).replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256")),
                        "Authorization header is not an AWS4-HMAC-SHA256 signature"),
                new Case("no signature", h -> with(h, "authorization", authorization(h).replaceAll(", Signature=.*", "")),
                        "Authorization header is not an AWS4-HMAC-SHA256 signature"),
                new Case("a short signature", h -> with(h, "authorization", authorization(h).substring(0, authorization(h).length() - 1)),
                        "Signature is not 64 hex digits"),
                new Case("no X-Amz-Date", h -> {
                    h.remove("x-amz-date");
                    return h;
                }, "X-Amz-Date is missing"),
                new Case("an X-Amz-Date of another day", h -> with(h, "x-amz-date", "19991231T235959Z"),
                        "Credential's date does not match X-Amz-Date"),
                new Case("Host not signed", h -> with(h, "authorization", authorization(h).replace("host;", "")),
                        "the Host header is not signed"),
                new Case("another Host than was signed", h -> with(h, "host", "automation.example"),
                        "The request signature we calculated does not match the signature you provided"),
                new Case("a header changed after signing", h -> with(h, "idempotency-key", "check-hub-1-2"),
                        "The request signature we calculated does not match the signature you provided"));
        for (Case c : cases) {
            assertEquals(c.problem(), problem(c.change()), c.what());
        }
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() {
        byte[] other = "{\"app\":\"google-ads\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("The provided x-amz-content-sha256 header does not match what was computed",
                problem(VERIFIER, signed(), other));
        Map<String, List<String>> withoutHashHeader = new TreeMap<>(signed());
        withoutHashHeader.remove("x-amz-content-sha256");
        assertEquals("the signed header 'x-amz-content-sha256' is not in the request",
                problem(VERIFIER, withoutHashHeader, BODY));
    }

    @Test
    void aSignatureForAnotherServiceRegionOrKeyIsRefused() {
        AwsCredentialsIdentity local = AwsSessionCredentialsIdentity.create("AKIDLOCAL", "local-secret", "token");
        assertEquals("Credential should be scoped to correct service: 'execute-api'",
                problem(VERIFIER, signed("lambda", "us-east-1", local), BODY));
        assertEquals("Credential should be scoped to a valid region, not 'eu-west-1'",
                problem(VERIFIER, signed("execute-api", "eu-west-1", local), BODY));
        assertEquals("The security token included in the request is invalid",
                problem(VERIFIER, signed("execute-api", "us-east-1", AwsCredentialsIdentity.create("AKIDOTHER", "local-secret")), BODY));
        assertEquals("The request signature we calculated does not match the signature you provided",
                problem(VERIFIER, signed("execute-api", "us-east-1", AwsCredentialsIdentity.create("AKIDLOCAL", "wrong")), BODY));
        assertNull(problem(SHAPE_ONLY, signed("execute-api", "us-east-1", AwsCredentialsIdentity.create("AKIDOTHER", "x")), BODY),
                "without secrets only the form is checked");
    }
}
