package com.hubstatus.local.dynamodb.conformance;

import com.hubstatus.local.dynamodb.DynamoDbEngine;
import com.hubstatus.local.dynamodb.EngineOptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.time.Duration;
import java.time.Instant;

/**
 * Which DynamoDB the conformance suite speaks to, by the system property {@code hubstatus.dynamodb}:
 * the engine in this JVM by default; {@code localstack}, Floci's {@code floci/floci} image (a
 * LocalStack-compatible DynamoDB) through Testcontainers; {@code aws}, real DynamoDB with the
 * default credentials and region. As a JUnit condition it skips the suite, saying why, where the
 * chosen backend cannot be had (no Docker engine; no credentials or region).
 */
public final class ConformanceBackend implements ExecutionCondition {

    static final String PROPERTY = "hubstatus.dynamodb";
    static final DockerImageName FLOCI = DockerImageName.parse("floci/floci:latest").asCompatibleSubstituteFor("localstack/localstack");

    private static DynamoDbEngine engine;
    private static TestClock clock;
    private static LocalStackContainer container;
    private static DynamoDbClient client;
    private static String unavailable;
    private static boolean checked;

    enum Kind { ENGINE, LOCALSTACK, AWS }

    static Kind kind() {
        return switch (System.getProperty(PROPERTY, "embedded")) {
            case "localstack" -> Kind.LOCALSTACK;
            case "aws" -> Kind.AWS;
            default -> Kind.ENGINE;
        };
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = unavailableReason();
        return reason == null ? ConditionEvaluationResult.enabled("conformance against " + kind())
                : ConditionEvaluationResult.disabled(reason);
    }

    private static synchronized String unavailableReason() {
        if (!checked) {
            checked = true;
            switch (kind()) {
                case LOCALSTACK -> {
                    boolean docker;
                    try {
                        docker = DockerClientFactory.instance().isDockerAvailable();
                    } catch (RuntimeException e) {
                        docker = false;
                    }
                    if (!docker) {
                        unavailable = "the localstack profile needs a Docker engine and none is reachable here: the conformance suite is skipped";
                    }
                }
                case AWS -> {
                    try {
                        // The region from the environment, a system property or the profile only: no
                        // instance metadata lookups from a machine that is not in AWS.
                        new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider()).getRegion();
                        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
                            credentials.resolveCredentials();
                        }
                    } catch (RuntimeException e) {
                        unavailable = "the aws profile needs AWS credentials and a region (" + e.getMessage()
                                + "): the conformance suite is skipped";
                    }
                }
                case ENGINE -> {
                }
            }
            if (unavailable != null) {
                System.err.println("[conformance] " + unavailable);
            }
        }
        return unavailable;
    }

    /** The client of the chosen backend, made on first use and shared by the suite. */
    static synchronized DynamoDbClient client() {
        if (client != null) {
            return client;
        }
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        switch (kind()) {
            case ENGINE -> {
                clock = new TestClock(Instant.now());
                engine = DynamoDbEngine.start(EngineOptions.defaults().withClock(clock).withTtlInterval(null));
                builder.endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
            }
            case LOCALSTACK -> {
                container = new LocalStackContainer(FLOCI).withServices(LocalStackContainer.Service.DYNAMODB);
                container.start();
                builder.endpointOverride(container.getEndpoint()).region(Region.of(container.getRegion()))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey())));
            }
            case AWS -> {
            }
        }
        client = builder.build();
        Runtime.getRuntime().addShutdownHook(new Thread(ConformanceBackend::stop, "conformance-stop"));
        return client;
    }

    private static synchronized void stop() {
        if (client != null) {
            client.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (container != null) {
            container.stop();
        }
    }

    /** True where the suite can move the backend's clock: only the engine in this JVM. */
    static boolean controlsTime() {
        return kind() == Kind.ENGINE;
    }

    static void advanceClock(Duration by) {
        clock.advance(by);
    }

    static Instant now() {
        return clock.instant();
    }

    /** Runs the engine's TTL reaper once (engine only). */
    static int expireItems() {
        return engine.expireItems();
    }

    /** The engine's endpoint, for the tests of the raw protocol (engine only). */
    static java.net.URI engineEndpoint() {
        return engine.endpoint();
    }
}
