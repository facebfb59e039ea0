package com.hubstatus.testing;

import com.hubstatus.gateway.RequestSigner;
import com.hubstatus.local.emulators.automation.AutomationServiceEmulator;
import com.hubstatus.local.emulators.automation.SimulatedApps;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.util.Map;

/** The test keys requests to the automation service are signed with, and an emulator that knows them. */
public final class Signing {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "AKIDHUBSTATUSTEST";
    /** A made-up key for loopback tests; it opens nothing. */
    public static final String SECRET_ACCESS_KEY = "hubstatus-test-secret-key";

    private Signing() {
    }

    /** Signs with the test keys in {@link #REGION}. */
    public static RequestSigner signer() {
        return signer(SECRET_ACCESS_KEY);
    }

    /** Signs with the test key id and {@code secret}: a wrong secret gives a wrong signature. */
    public static RequestSigner signer(String secret) {
        return new RequestSigner(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, secret)),
                REGION);
    }

    /** The automation service playing {@code apps}, checking signatures made with the test keys. */
    public static AutomationServiceEmulator automationService(SimulatedApps apps) {
        return new AutomationServiceEmulator(apps, REGION, Map.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY)).start();
    }
}
