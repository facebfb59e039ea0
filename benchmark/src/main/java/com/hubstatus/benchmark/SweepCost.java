package com.hubstatus.benchmark;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.nio.file.Path;

final class SweepCost {
    SweepCost(PrintStream out, Deployment deployment, LambdaProcess.LambdaRuntime runtime, DynamoDbClient dynamo, Path logs) {
    }

    void run(int hubs) {
    }
}
