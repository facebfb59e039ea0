package com.hubstatus.local.stack;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Lambda context of one local invocation. The remaining time counts down from the function's
 * template Timeout on the wall clock, as Lambda's does: a handler that budgets its work by it
 * (a validation run handing itself on) behaves as deployed.
 */
final class LocalLambdaContext implements Context {

    private final String functionName;
    private final long timeoutMillis;
    private final int memoryMb;
    private final long startedNanos = System.nanoTime();
    private final String requestId = UUID.randomUUID().toString();
    private final LambdaLogger logger;

    LocalLambdaContext(String functionName, long timeoutMillis, int memoryMb, StackLog log) {
        this.functionName = functionName;
        this.timeoutMillis = timeoutMillis;
        this.memoryMb = memoryMb;
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log.line("function", functionName + ": " + message.stripTrailing());
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    boolean hasTimedOut() {
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
