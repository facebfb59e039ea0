package com.hubstatus.local.emulators;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Lambda context of one invocation outside Lambda (the local stack's, a test's): a request id of
 * its own, as the runtime gives each invocation, and the remaining time counting down from the
 * function's timeout on the wall clock, as Lambda's does, so a handler that budgets its work by it
 * behaves as deployed.
 */
public final class LambdaContext implements Context {

    private final String functionName;
    private final long timeoutMillis;
    private final int memoryMb;
    private final long startedNanos = System.nanoTime();
    private final String requestId = UUID.randomUUID().toString();
    private final LambdaLogger logger;

    /** @param log where what the handler writes through {@link #getLogger()} goes, a line at a time */
    public LambdaContext(String functionName, Duration timeout, int memoryMb, Consumer<String> log) {
        this.functionName = functionName;
        this.timeoutMillis = timeout.toMillis();
        this.memoryMb = memoryMb;
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log.accept(message.stripTrailing());
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    /** A test's invocation: 15 minutes (Lambda's longest), 1,024 MB, logging to standard output. */
    public static LambdaContext of(String functionName) {
        return new LambdaContext(functionName, Duration.ofMinutes(15), 1024, System.out::println);
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    public boolean hasTimedOut() {
        return elapsedMillis() > timeoutMillis;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + LocalEventBridge.REGION + ":" + LocalEventBridge.ACCOUNT + ":function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, timeoutMillis - elapsedMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
