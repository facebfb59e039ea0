package com.hubstatus.benchmark;

import com.hubstatus.gateway.SimulatedExternalApp;
import com.hubstatus.local.emulators.EmbeddedDynamoDb;
import com.hubstatus.local.emulators.HubTableProvisioner;
import com.hubstatus.local.emulators.LocalAwsClients;
import com.hubstatus.local.emulators.SamFunction;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jars SAM deploys, not the module classpath the other tests run: each function's shaded,
 * minimized jar starts in a JVM of its own under Lambda's runtime interface client, with the
 * template's environment, against the local DynamoDB and bus, and answers the real event of its
 * step in the chain (connect, read, start a sync, run it, validate, sweep). And each carries the
 * SnapStart priming hook its handler registers.
 */
class ShadedFunctionJarsIT {

    @Test
    void everyFunctionJarStartsUnderTheRuntimeAndAnswersItsEvent() throws Exception {
        // given template.yaml's functions deployed against the local DynamoDB and a loopback bus
        Path fixtures = Files.createTempFile("simulated-apps", ".json");
        try (InputStream defaults = SimulatedExternalApp.class.getResourceAsStream(SimulatedExternalApp.BUNDLED_RESOURCE)) {
            Files.copy(defaults, fixtures, StandardCopyOption.REPLACE_EXISTING);
        }
        Path logs = Files.createTempDirectory("function-logs");
        try (LocalEventBridge bus = new LocalEventBridge(Clock.systemUTC()).start();
             DynamoDbClient dynamo = LocalAwsClients.to(EmbeddedDynamoDb.shared().endpoint(), DynamoDbClient.builder())) {
            Deployment deployment = new Deployment(SamTemplate.ofRepository(), EmbeddedDynamoDb.shared().endpoint(),
                    bus.endpoint(), HubTableProvisioner.createFresh(dynamo), fixtures);
            assertEquals(Chain.FUNCTIONS, deployment.functions().stream().map(SamFunction::logicalId).toList(),
                    "every function of template.yaml has its step in the chain");
            LambdaProcess.LambdaRuntime runtime = LambdaProcess.LambdaRuntime.of(SamTemplate.repositoryRoot());

            // when each starts in a fresh JVM and gets its first event
            Map<String, String> answers = new Chain(bus).once("ws-shaded", 1, (function, event) -> {
                LambdaProcess.Function lambda = deployment.lambda(deployment.function(function));
                try (LambdaProcess process = LambdaProcess.start(lambda, runtime, logs.resolve(function + ".log"))) {
                    return process.firstInvocation(event).answer();
                }
            });

            // then each answered as the product does
            assertEquals("HTTP 201", ColdStarts.summary(answers.get(Chain.CONNECT)));
            assertEquals("HTTP 200", ColdStarts.summary(answers.get(Chain.READ)));
            assertEquals("HTTP 202", ColdStarts.summary(answers.get(Chain.START_SYNC)));
            assertEquals("SUCCEEDED", Events.outcome(answers.get(Chain.RUN_SYNC)));
            assertEquals("COMPLETED", Events.outcome(answers.get(Chain.VALIDATE)));
            assertEquals("DONE", Events.outcome(answers.get(Chain.SWEEP)));
        }
    }

    @Test
    void everyFunctionJarCarriesThePrimingHookItsHandlerRegisters() {
        Deployment deployment = new Deployment(SamTemplate.ofRepository(), java.net.URI.create("http://127.0.0.1:1"),
                java.net.URI.create("http://127.0.0.1:1"), "table", Path.of("fixtures.json"));
        List<SamFunction> functions = deployment.functions();
        for (SamFunction function : functions) {
            assertTrue(JarSizes.hasPrimingHook(deployment.jar(function), function.handlerClass()),
                    function.logicalId() + "'s jar lacks the priming hook");
        }
    }
}
