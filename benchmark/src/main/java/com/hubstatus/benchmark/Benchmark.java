package com.hubstatus.benchmark;

import com.hubstatus.local.emulators.HubTableProvisioner;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;
import com.hubstatus.local.stack.DevStack;
import com.hubstatus.local.stack.StackOptions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints, in one run, the project's performance figures: each function jar's size; the local stack's
 * ready time; each function's cold start under Lambda's runtime interface client, interleaved with
 * a do-nothing floor and a bare-SDK floor, as ratios to the bare-SDK floor; warm p50/p99 per
 * function; a warm read of one hub against a bare GetItem; the first page and a full walk of a
 * 5,000-hub workspace on the local stack; the sweep's items read per due hub at 100,000 hubs with
 * 1 % due. Figures to read, never assertions.
 *
 * <p>{@code ./mvnw -q -pl benchmark -am -DskipTests -Pperf package}; options in
 * {@code -Dbenchmark.args="..."}: {@code --rounds 5 --warm 500 --warm-up 100 --hubs 5000
 * --sweep-hubs 100000 --only jars,stack,cold,warm,read,listing,sweep}.
 */
public final class Benchmark {

    static final List<String> SECTIONS = List.of("jars", "stack", "cold", "warm", "read", "listing", "sweep");

    private final Options options;
    private final PrintStream out = System.out;

    private final Path root = SamTemplate.repositoryRoot();
    private final Path logs;

    private Benchmark(Options options) throws IOException {
        this.options = options;
        this.logs = Files.createDirectories(root.resolve("benchmark/target/benchmark-logs"));
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark(Options.parse(args));
        // What runs in this JVM (the local stack's functions) logs to a file; the figures go to the console.
        try (PrintStream stackLog = new PrintStream(Files.newOutputStream(benchmark.logs.resolve("local-stack.log")),
                true, StandardCharsets.UTF_8)) {
            System.setOut(stackLog);
            benchmark.run();
        } finally {
            System.setOut(benchmark.out);
        }
    }

    private void run() throws Exception {
        printMachine();
        if (options.wants("jars")) {
            new JarSizes(out, root).print();
        }
        if (options.wants("stack")) {
            new StackReadyTime(out, root, logs).print(3);
        }
        Path scratch = Files.createTempDirectory("hubstatus-benchmark");
        try (DevStack stack = quietly(() -> DevStack.start(StackOptions.defaults().withPort(0).withRequestLog(false)
                .withFixtures(scratch.resolve("simulated-apps.json")), new PrintStream(PrintStream.nullOutputStream())));
             LocalEventBridge bus = new LocalEventBridge(Clock.systemUTC()).start();
             DynamoDbClient dynamo = com.hubstatus.local.emulators.LocalAwsClients.to(stack.dynamoEndpoint(),
                     DynamoDbClient.builder())) {
            // The stack's own functions stay idle while functions run in JVMs of their own.
            stack.pause();
            Deployment deployment = new Deployment(SamTemplate.ofRepository(), stack.dynamoEndpoint(), bus.endpoint(),
                    HubTableProvisioner.createFresh(dynamo), stack.automationService().endpoints());
            LambdaProcess.LambdaRuntime runtime = LambdaProcess.LambdaRuntime.of(root);
            Floors floors = new Floors(root, deployment, dynamo);
            if (options.wants("cold")) {
                new ColdStarts(out, deployment, runtime, floors, bus, logs).run(options.rounds());
            }
            if (options.wants("warm") || options.wants("read")) {
                new WarmInvocations(out, deployment, runtime, floors, bus, dynamo, logs)
                        .run(options.warmUp(), options.warm(), options.wants("warm"), options.wants("read"));
            }
            if (options.wants("listing")) {
                new Listing(out, stack).run(options.hubs());
            }
            if (options.wants("sweep")) {
                new SweepAtScale(out, deployment).run(options.sweepHubs());
            }
        }
        out.println();
        out.println("function JVM logs: " + root.relativize(logs));
    }

    /** Runs {@code start} with System.out silenced, so the figures are all the benchmark prints. */
    private static <T> T quietly(java.util.function.Supplier<T> start) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(PrintStream.nullOutputStream()));
        try {
            return start.get();
        } finally {
            System.setOut(out);
        }
    }

    private void printMachine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean bean ? bean.getTotalMemorySize() : 0;
        out.println("hubstatus benchmark");
        out.printf(Locale.ROOT, "  date     %s%n", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.printf(Locale.ROOT, "  machine  %d cores (%s), %.1f GiB, %s %s, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"), os.getSystemLoadAverage());
        out.printf(Locale.ROOT, "  JDK      %s %s (functions run on it too; Lambda's java21 runtime runs Corretto 21)%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    /** The command line's options. */
    record Options(int rounds, int warmUp, int warm, int hubs, int sweepHubs, Set<String> sections) {

        boolean wants(String section) {
            return sections.contains(section);
        }

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("options are --name value pairs; got " + args[i]);
                }
                given.put(args[i].substring(2), args[++i]);
            }
            Set<String> sections = new LinkedHashSet<>(SECTIONS);
            if (given.containsKey("only")) {
                sections = new LinkedHashSet<>(List.of(given.remove("only").split(",")));
                List<String> unknown = new ArrayList<>(sections);
                unknown.removeAll(SECTIONS);
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException("unknown sections " + unknown + "; there are " + SECTIONS);
                }
            }
            Options options = new Options(number(given, "rounds", 5), number(given, "warm-up", 100),
                    number(given, "warm", 500), number(given, "hubs", 5000), number(given, "sweep-hubs", 100_000),
                    sections);
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet());
            }
            return options;
        }

        private static int number(Map<String, String> given, String name, int fallback) {
            String value = given.remove(name);
            return value == null ? fallback : Integer.parseInt(value);
        }
    }
}
