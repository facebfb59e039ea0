package com.hubstatus.benchmark.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The floor under every cold start: the runtime, and a handler that reads nothing and answers {@code {}}. */
public final class DoNothingHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write('{');
        output.write('}');
    }
}
