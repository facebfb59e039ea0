package com.hubstatus.testing;

import com.hubstatus.local.emulators.EmbeddedDynamoDb;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;

/**
 * Where integration tests find DynamoDB: the project's engine in this JVM by default; a
 * LocalStack-compatible DynamoDB (Floci's MIT-licensed {@code floci/floci} image) in a container
 * under the {@code localstack} Maven profile ({@code -Dhubstatus.dynamodb=localstack}). As a JUnit
 * condition on a test class, it skips the class with a message where the profile asks for a
 * container and no Docker engine runs.
 */
public final class DynamoDbBackend implements ExecutionCondition {

    static final String PROPERTY = "hubstatus.dynamodb";
    static final DockerImageName IMAGE = DockerImageName.parse("floci/floci:latest")
            .asCompatibleSubstituteFor("localstack/localstack");
    private static LocalStackContainer localStack;
    private static Boolean docker;

    private static boolean wantsLocalStack() {
        return "localstack".equals(System.getProperty(PROPERTY));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!wantsLocalStack()) {
            return ConditionEvaluationResult.enabled("the DynamoDB engine in process");
        }
        return dockerAvailable()
                ? ConditionEvaluationResult.enabled("floci/floci in Docker")
                : ConditionEvaluationResult.disabled(
                        "the localstack profile needs a Docker engine and none is reachable here: skipped");
    }

    private static synchronized boolean dockerAvailable() {
        if (docker == null) {
            try {
                docker = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                docker = false;
            }
            if (!docker) {
                System.err.println("[localstack profile] no Docker engine is reachable here: "
                        + "the integration tests against LocalStack are skipped");
            }
        }
        return docker;
    }

    public static synchronized URI endpoint() {
        if (!wantsLocalStack()) {
            return EmbeddedDynamoDb.shared().endpoint();
        }
        if (localStack == null) {
            localStack = new LocalStackContainer(IMAGE)
                    .withServices(LocalStackContainer.Service.DYNAMODB);
            localStack.start();
            Runtime.getRuntime().addShutdownHook(new Thread(localStack::stop, "localstack-stop"));
        }
        return localStack.getEndpoint();
    }
}
