package com.hubstatus.benchmark;

import com.hubstatus.local.stack.DevStack;

import java.io.PrintStream;
import java.nio.file.Path;

final class Listing {
    Listing(PrintStream out, DevStack stack, Deployment deployment, LambdaProcess.LambdaRuntime runtime, Path logs) {
    }

    void run(int hubs) {
    }
}
