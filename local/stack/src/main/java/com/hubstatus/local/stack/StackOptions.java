package com.hubstatus.local.stack;

import com.hubstatus.local.emulators.SamTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start the local stack.
 *
 * @param port         the HTTP API's loopback port, 0 for a free one
 * @param dataDir      where DynamoDB's data, the token signing key and the clock's offset are kept
 *                     across restarts, or null to keep everything in memory
 * @param fixtures     the simulated external app's fixtures file (created from the bundled defaults
 *                     when missing)
 * @param template     the SAM template to run
 * @param requestLog   whether to log a line per HTTP request (the benchmark turns it off)
 * @param tickInterval how often the schedules look at the clock
 * @param web          the Business Hubs page's folder, served at {@code /}
 */
public record StackOptions(int port, Path dataDir, Path fixtures, Path template, boolean requestLog,
                           Duration tickInterval, Path web) {

    public static final int DEFAULT_PORT = 3000;

    static final String USAGE = """
            usage: DevStack [--port N] [--data-dir PATH] [--fixtures PATH] [--template PATH] [--web PATH] [--quiet]
              --port N         the HTTP API's port on 127.0.0.1 (default 3000; 0 picks a free one)
              --data-dir PATH  keep DynamoDB's data, the token signing key and the clock in PATH across restarts
                               (default: in memory, gone at exit)
              --fixtures PATH  the simulated external app's fixtures (default .local-data/simulated-apps.json,
                               created from the bundled defaults when missing; edits apply at once)
              --template PATH  the SAM template to run (default template.yaml)
              --web PATH       the Business Hubs page's folder, served at / (default web/public; edits apply at once)
              --quiet          no log line per HTTP request""";

    public StackOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(fixtures, "fixtures");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(tickInterval, "tickInterval");
        Objects.requireNonNull(web, "web");
    }

    /** Port 3000, in memory, the repository's template and the default fixtures file. */
    public static StackOptions defaults() {
        Path root = SamTemplate.repositoryRoot();
        return new StackOptions(DEFAULT_PORT, null, root.resolve(".local-data").resolve("simulated-apps.json"),
                root.resolve("template.yaml"), true, Duration.ofMillis(250), root.resolve("web").resolve("public"));
    }

    /**
     * The options of a command line.
     *
     * @throws IllegalArgumentException naming what is wrong, for the usage message
     */
    public static StackOptions parse(String... args) {
        StackOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> options = options.withPort(parsePort(value(args, ++i, arg)));
                case "--data-dir" -> options = options.withDataDir(Path.of(value(args, ++i, arg)));
                case "--fixtures" -> options = options.withFixtures(Path.of(value(args, ++i, arg)));
                case "--template" -> options = options.withTemplate(Path.of(value(args, ++i, arg)));
                case "--web" -> options = options.withWeb(Path.of(value(args, ++i, arg)));
                case "--quiet" -> options = options.withRequestLog(false);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return options;
    }

    public StackOptions withPort(int port) {
        return new StackOptions(port, dataDir, fixtures, template, requestLog, tickInterval, web);
    }

    public StackOptions withDataDir(Path dataDir) {
        return new StackOptions(port, dataDir, fixtures, template, requestLog, tickInterval, web);
    }

    public StackOptions withFixtures(Path fixtures) {
        return new StackOptions(port, dataDir, fixtures, template, requestLog, tickInterval, web);
    }

    public StackOptions withTemplate(Path template) {
        return new StackOptions(port, dataDir, fixtures, template, requestLog, tickInterval, web);
    }

    public StackOptions withRequestLog(boolean requestLog) {
        return new StackOptions(port, dataDir, fixtures, template, requestLog, tickInterval, web);
    }

    public StackOptions withWeb(Path web) {
        return new StackOptions(port, dataDir, fixtures, template, requestLog, tickInterval, web);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("--port takes a number from 0 to 65535, not " + value);
    }
}
