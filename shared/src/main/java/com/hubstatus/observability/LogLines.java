package com.hubstatus.observability;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where log and metric lines go: the process's standard output, one line each. Lambda's Java
 * runtime hands standard output to CloudWatch Logs line by line and unchanged, so a JSON object
 * on one line arrives as one structured log event and an embedded-metric-format object is read
 * as metrics. The local stack prints them where it prints its own lines. Tests read them through
 * {@link #divertTo}.
 */
public final class LogLines {

    /** One println per line: a PrintStream writes each call whole, so concurrent lines never interleave. */
    private static volatile Consumer<String> sink = line -> System.out.println(line);

    private LogLines() {
    }

    /** Writes one line; {@code line} holds no line break. */
    public static void write(String line) {
        sink.accept(line);
    }

    /**
     * Sends the lines to {@code to} instead, until the returned scope closes. Every thread's lines
     * go there: a test tells its own apart by the request id it gave its invocation.
     */
    public static LogContext.Scope divertTo(Consumer<String> to) {
        Objects.requireNonNull(to, "to");
        Consumer<String> before = sink;
        sink = line -> {
            to.accept(line);
            before.accept(line);
        };
        return () -> sink = before;
    }
}
