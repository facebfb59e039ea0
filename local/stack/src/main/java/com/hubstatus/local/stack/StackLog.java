package com.hubstatus.local.stack;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The stack's own log: one line per request, per delivered event and per schedule firing, stamped
 * with the wall-clock time (the stack's clock may have been moved, the log's never is). Never an
 * event's or a request's content: they may carry tokens.
 */
final class StackLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final boolean requests;

    StackLog(PrintStream out, boolean requests) {
        this.out = out;
        this.requests = requests;
    }

    void request(String method, String path, int status, long millis) {
        if (requests) {
            line("http", method + " " + path + " " + status + " " + millis + " ms");
        }
    }

    void info(String message) {
        line("stack", message);
    }

    void line(String kind, String message) {
        out.println(TIME.format(LocalTime.now().truncatedTo(ChronoUnit.MILLIS)) + " " + pad(kind) + " " + message);
    }

    private static String pad(String kind) {
        return (kind + "        ").substring(0, 8);
    }
}
