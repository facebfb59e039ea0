package com.hubstatus.benchmark;

import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Cold starts under the runtime interface client: per round, a fresh JVM for the do-nothing
 * floor, the bare-SDK floor and each function in chain order, each timed from its process's start
 * to its first answer. Rounds interleave the subjects, so a slow spell of a loaded machine hits
 * them alike; each function's figure is the median over rounds of its ratio to that round's
 * bare-SDK floor.
 */
final class ColdStarts {

    /** The target: every function within 5 % of the bare-SDK floor. */
    static final double TARGET_RATIO = 1.05;

    private final PrintStream out;
    private final Deployment deployment;
    private final LambdaProcess.LambdaRuntime runtime;
    private final Floors floors;
    private final Chain chain;
    private final Path logs;

    ColdStarts(PrintStream out, Deployment deployment, LambdaProcess.LambdaRuntime runtime, Floors floors,
               LocalEventBridge bus, Path logs) {
        this.out = out;
        this.deployment = deployment;
        this.runtime = runtime;
        this.floors = floors;
        this.chain = new Chain(bus);
        this.logs = logs;
    }

    void run(int rounds) {
        out.println();
        out.printf(Locale.ROOT, "cold starts: fresh JVM per start, runtime interface client, template JAVA_TOOL_OPTIONS, "
                + "1,024 MB heap sizing; %d interleaved rounds%n", rounds);
        Map<String, List<Double>> totals = new LinkedHashMap<>();
        Map<String, List<Double>> inits = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, String> firstAnswers = new LinkedHashMap<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int round = 0; round < rounds; round++) {
            Map<String, LambdaProcess.ColdStart> starts = new LinkedHashMap<>();
            starts.put(Floors.DO_NOTHING, coldStart(floors.doNothing(), "{}"));
            starts.put(Floors.BARE_SDK, coldStart(floors.bareSdk(), "{}"));
            chain.once("ws-cold-" + run + "-" + round, round, (function, event) -> {
                LambdaProcess.ColdStart start = coldStart(deployment.lambda(deployment.function(function)), event);
                starts.put(function, start);
                return start.answer();
            });
            double floor = Stats.millis(starts.get(Floors.BARE_SDK).total());
            starts.forEach((name, start) -> {
                totals.computeIfAbsent(name, k -> new ArrayList<>()).add(Stats.millis(start.total()));
                inits.computeIfAbsent(name, k -> new ArrayList<>()).add(Stats.millis(start.init()));
                ratios.computeIfAbsent(name, k -> new ArrayList<>()).add(Stats.millis(start.total()) / floor);
                firstAnswers.putIfAbsent(name, summary(start.answer()));
            });
            out.printf(Locale.ROOT, "  round %d: bare-SDK floor %.0f ms%n", round + 1, floor);
        }
        out.printf(Locale.ROOT, "  %-24s %9s %9s %9s %9s  %-22s %s%n", "", "median", "init", "x bare", "x nothing",
                "answer", "target <= 1.05x bare");
        double nothing = Stats.median(totals.get(Floors.DO_NOTHING));
        totals.forEach((name, values) -> {
            boolean function = !name.equals(Floors.DO_NOTHING) && !name.equals(Floors.BARE_SDK);
            double ratio = Stats.median(ratios.get(name));
            out.printf(Locale.ROOT, "  %-24s %6.0f ms %6.0f ms %8.2fx %8.2fx  %-22s %s%n", name, Stats.median(values),
                    Stats.median(inits.get(name)), ratio, Stats.median(values) / nothing, firstAnswers.get(name),
                    !function ? "" : ratio <= TARGET_RATIO ? "met"
                            : String.format(Locale.ROOT, "missed by %.0f %%", (ratio - TARGET_RATIO) * 100));
        });
        out.println("  (median of the rounds; x bare: median of each round's ratio to its bare-SDK floor; init: until the"
                + " runtime first polled for an invocation)");
        totals.forEach((name, values) -> out.printf(Locale.ROOT, "  %-24s rounds (ms) %s%n", name, Stats.list(values)));
        printClassLoading(run);
    }

    /** One more start of each, logging class loading: counts that do not move with the machine's load. */
    private void printClassLoading(String run) {
        Map<String, ClassLoading> loaded = new LinkedHashMap<>();
        loaded.put(Floors.DO_NOTHING, classLoading(floors.doNothing(), "{}"));
        loaded.put(Floors.BARE_SDK, classLoading(floors.bareSdk(), "{}"));
        chain.once("ws-classes-" + run, 0, (function, event) -> {
            LambdaProcess.Function lambda = deployment.lambda(deployment.function(function));
            Path log = logs.resolve(lambda.name() + "-classes.log");
            String answer = coldStart(lambda, event, ClassLoading.logOption(log)).answer();
            loaded.put(function, ClassLoading.read(log, lambda.jar()));
            return answer;
        });
        out.println("  classes loaded until the first answer (one more start each, logged):");
        out.printf(Locale.ROOT, "  %-24s %7s %7s %9s %7s%n", "", "total", "JDK", "function", "runtime");
        loaded.forEach((name, counts) -> out.printf(Locale.ROOT, "  %-24s %7d %7d %9d %7d%n", name, counts.total(),
                counts.fromJdk(), counts.fromFunctionJar(), counts.fromRuntime()));
    }

    private ClassLoading classLoading(LambdaProcess.Function function, String event) {
        Path log = logs.resolve(function.name().replace(' ', '-') + "-classes.log");
        coldStart(function, event, ClassLoading.logOption(log));
        return ClassLoading.read(log, function.jar());
    }

    private LambdaProcess.ColdStart coldStart(LambdaProcess.Function function, String event) {
        return coldStart(function, event, List.of());
    }

    private LambdaProcess.ColdStart coldStart(LambdaProcess.Function function, String event, List<String> jvmOptions) {
        try (LambdaProcess process = LambdaProcess.start(function, runtime,
                logs.resolve(function.name().replace(' ', '-') + ".log"), jvmOptions)) {
            return process.firstInvocation(event);
        }
    }

    /** An answer in a few words: the HTTP status, or the event outcome. */
    static String summary(String answer) {
        if (answer.contains("\"statusCode\"")) {
            return "HTTP " + Events.ApiAnswer.of(answer).status();
        }
        return answer.length() > 22 ? Events.outcome(answer) : answer;
    }
}
