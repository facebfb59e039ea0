package com.hubstatus.gateway;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs requests to the automation service with AWS Signature Version 4 for API Gateway (signing
 * name {@code execute-api}), so an IAM-authorized API lets the function's role in and nobody else.
 * Each attempt is signed anew, with the credentials the provider holds then (a Lambda role's keys
 * renew) and the current time.
 */
public final class RequestSigner {

    /** The signing name of API Gateway's invoke endpoints. */
    public static final String SERVICE = "execute-api";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final String region;

    /**
     * @param credentials where the keys come from (a function's: the SDK's provider chain)
     * @param region      the region of the automation service's API, e.g. {@code eu-west-1}
     */
    public RequestSigner(IdentityProvider<? extends AwsCredentialsIdentity> credentials, String region) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("the automation service's region is not set");
        }
        this.region = region;
    }

    public String region() {
        return region;
    }

    /**
     * The headers to send with a {@code POST} of {@code body} to {@code uri} carrying {@code headers}:
     * those given plus {@code Authorization}, {@code X-Amz-Date} and, with temporary credentials,
     * {@code X-Amz-Security-Token}. {@code Host} is signed but left out: the HTTP client sets it
     * from the URI, to the same value.
     */
    public Map<String, List<String>> sign(URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(request::putHeader);
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r
                .identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        Map<String, List<String>> out = new LinkedHashMap<>(signed.request().headers());
        out.keySet().removeIf(name -> name.equalsIgnoreCase("Host"));
        return out;
    }
}
