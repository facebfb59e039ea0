package com.hubstatus.testing;

import com.hubstatus.testbed.EmbeddedDynamoDb;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;

/**
 * Where integration tests find DynamoDB: DynamoDB Local in this JVM by default; LocalStack in a
 * container under the {@code localstack} Maven profile ({@code -Dhubstatus.dynamodb=localstack}),
 * skipped with a message where no Docker engine runs.
 */
final class DynamoDbBackend {

    static final String PROPERTY = "hubstatus.dynamodb";
    private static LocalStackContainer localStack;

    private DynamoDbBackend() {
    }

    static synchronized URI endpoint() {
        if (!"localstack".equals(System.getProperty(PROPERTY))) {
            return EmbeddedDynamoDb.shared().endpoint();
        }
        if (localStack == null) {
            boolean docker;
            try {
                docker = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                docker = false;
            }
            Assumptions.assumeTrue(docker,
                    "the localstack profile needs a Docker engine and none is reachable here: LocalStack tests skipped");
            localStack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
                    .withServices(LocalStackContainer.Service.DYNAMODB);
            localStack.start();
            Runtime.getRuntime().addShutdownHook(new Thread(localStack::stop, "localstack-stop"));
        }
        return localStack.getEndpoint();
    }
}
