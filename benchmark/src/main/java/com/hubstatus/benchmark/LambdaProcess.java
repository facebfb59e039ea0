package com.hubstatus.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One function's execution environment as Lambda's {@code java21} runtime makes it: a fresh JVM
 * running the runtime interface client, with the function's jar on the class path, its handler,
 * its environment, a heap sized for its memory, and {@link LambdaRuntimeApi} to talk to.
 */
final class LambdaProcess implements AutoCloseable {

    /** The runtime interface client's entry point, as the runtime's bootstrap starts it. */
    static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);

    /**
     * What runs: a name to print, the jar, the handler ({@code class::method}), the function's own
     * environment (its template variables, JAVA_TOOL_OPTIONS among them) and its memory in MB.
     */
    record Function(String name, Path jar, String handler, Map<String, String> environment, int memoryMb) {
    }

    /** A first answer and when it came, measured from the moment the process was started. */
    record ColdStart(String answer, Duration init, Duration total) {
    }

    private final Function function;
    private final LambdaRuntimeApi runtimeApi;
    private final Process process;
    private final long startedNanos;

    private LambdaProcess(Function function, LambdaRuntimeApi runtimeApi, Process process, long startedNanos) {
        this.function = function;
        this.runtimeApi = runtimeApi;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts the function's JVM; its output goes to {@code log}. */
    static LambdaProcess start(Function function, LambdaRuntime runtime, Path log) {
        return start(function, runtime, log, List.of());
    }

    /** Starts the function's JVM with {@code jvmOptions} added (logging, say). */
    static LambdaProcess start(Function function, LambdaRuntime runtime, Path log, List<String> jvmOptions) {
        LambdaRuntimeApi api = new LambdaRuntimeApi(function.name());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // What the java21 runtime's bootstrap gives a function: a heap of 85 % of its memory, the
        // serial collector, class data sharing where the JDK has an archive.
        command.add("-XX:MaxHeapSize=" + function.memoryMb() * 85 / 100 + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.addAll(jvmOptions);
        command.add("-classpath");
        command.add(function.jar() + File.pathSeparator + runtime.classPath());
        command.add(RUNTIME_MAIN);
        command.add(function.handler());

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.putAll(lambdaVariables(function, runtime, api));
        env.putAll(function.environment());
        try {
            long started = System.nanoTime();
            Process process = builder.start();
            return new LambdaProcess(function, api, process, started);
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("cannot start " + function.name(), e);
        }
    }

    /** What Lambda sets in every function's environment. */
    private static Map<String, String> lambdaVariables(Function function, LambdaRuntime runtime,
                                                       LambdaRuntimeApi api) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", function.handler());
        env.put("LAMBDA_TASK_ROOT", runtime.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", runtime.taskRoot().toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        return env;
    }

    /** Invokes the function and waits for its answer; fails on an error answer. */
    String invoke(String event) {
        LambdaRuntimeApi.Answer answer = await(runtimeApi.invoke(event));
        if (answer.error()) {
            throw new IllegalStateException(function.name() + " answered an error: " + answer.body());
        }
        return answer.body();
    }

    /** The first invocation, timed from the process's start: the cold start. */
    ColdStart firstInvocation(String event) {
        LambdaRuntimeApi.Answer answer = await(runtimeApi.invoke(event));
        if (answer.error()) {
            throw new IllegalStateException(function.name() + " answered an error: " + answer.body());
        }
        return new ColdStart(answer.body(), Duration.ofNanos(runtimeApi.firstPollNanos() - startedNanos),
                Duration.ofNanos(answer.arrivedNanos() - startedNanos));
    }

    /** One warm invocation's latency, from queuing the event to the answer's arrival. */
    Duration timedInvoke(String event) {
        long queued = System.nanoTime();
        LambdaRuntimeApi.Answer answer = await(runtimeApi.invoke(event));
        if (answer.error()) {
            throw new IllegalStateException(function.name() + " answered an error: " + answer.body());
        }
        return Duration.ofNanos(answer.arrivedNanos() - queued);
    }

    private LambdaRuntimeApi.Answer await(CompletableFuture<LambdaRuntimeApi.Answer> answer) {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        try {
            while (true) {
                try {
                    return answer.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException notYet) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(function.name() + "'s JVM exited with " + process.exitValue()
                                + " before answering; see its log");
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(function.name() + " did not answer within " + ANSWER_TIMEOUT);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(function.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtimeApi.close();
    }

    /**
     * The runtime's side of every execution environment: the runtime interface client's jars
     * (copied to {@code benchmark/target/lambda-runtime} by the build) and an empty task root.
     */
    record LambdaRuntime(String classPath, Path taskRoot) {

        static LambdaRuntime of(Path repositoryRoot) {
            Path jars = repositoryRoot.resolve("benchmark/target/lambda-runtime");
            try (var listing = Files.list(jars)) {
                List<String> entries = listing.filter(p -> p.toString().endsWith(".jar")).sorted()
                        .map(Path::toString).toList();
                if (entries.stream().noneMatch(e -> e.contains("runtime-interface-client"))) {
                    throw new IllegalStateException("no runtime interface client in " + jars + "; build the benchmark module");
                }
                return new LambdaRuntime(String.join(File.pathSeparator, entries),
                        Files.createTempDirectory("hubstatus-task-root"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jars + "; build the benchmark module first", e);
            }
        }
    }
}
