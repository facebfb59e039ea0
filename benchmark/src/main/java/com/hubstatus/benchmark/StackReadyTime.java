package com.hubstatus.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack's ready time as a user sees it: a fresh JVM running the run command's main
 * class (as {@code -Prun} starts it: C1 only), until it prints {@code ready in N ms}.
 */
final class StackReadyTime {

    private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");

    private final PrintStream out;
    private final Path root;
    private final Path logs;

    StackReadyTime(PrintStream out, Path root, Path logs) {
        this.out = out;
        this.root = root;
        this.logs = logs;
    }

    void print(int starts) {
        List<Double> printed = new ArrayList<>();
        List<Double> observed = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            long[] times = start();
            printed.add((double) times[0]);
            observed.add((double) times[1]);
        }
        out.println();
        out.printf(Locale.ROOT, "local stack ready time (fresh JVM, -XX:TieredStopAtLevel=1, in memory; %d starts)%n", starts);
        out.printf(Locale.ROOT, "  'ready in' as printed: median %.0f ms %s; process start to that line: median %.0f ms %s%n",
                Stats.median(printed), Stats.list(printed), Stats.median(observed), Stats.list(observed));
    }

    /** One start: what the stack printed, and what was seen from here (ms). */
    private long[] start() {
        try {
            Path fixtures = Files.createTempDirectory("hubstatus-stack").resolve("simulated-apps.json");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                    "-Dhubstatus.root=" + root, "-classpath", System.getProperty("java.class.path"),
                    "com.hubstatus.local.stack.DevStack", "--port", "0", "--quiet", "--fixtures", fixtures.toString())
                    .directory(root.toFile()).redirectErrorStream(true);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            long started = System.nanoTime();
            Process process = builder.start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    seen.append(line).append('\n');
                    Matcher ready = READY.matcher(line);
                    if (ready.find()) {
                        long observed = (System.nanoTime() - started) / 1_000_000;
                        Files.writeString(logs.resolve("stack-start.log"), seen);
                        return new long[] {Long.parseLong(ready.group(1)), observed};
                    }
                }
                throw new IllegalStateException("the stack exited without 'ready in': " + seen);
            } finally {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
