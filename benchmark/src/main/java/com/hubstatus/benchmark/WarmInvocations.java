package com.hubstatus.benchmark;

import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.io.PrintStream;
import java.nio.file.Path;

final class WarmInvocations {
    WarmInvocations(PrintStream out, Deployment deployment, LambdaProcess.LambdaRuntime runtime, Floors floors,
                    LocalEventBridge bus, Path logs) {
    }

    void run(int warmUp, int measured, boolean perFunction, boolean read) {
    }
}
