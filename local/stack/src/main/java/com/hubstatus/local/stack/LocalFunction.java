package com.hubstatus.local.stack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.local.emulators.LambdaContext;
import com.hubstatus.local.emulators.SamFunction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One function of the template, built as Lambda builds it: the handler class its {@code Handler}
 * names, constructed with its environment, invoked with a context that honours its Timeout.
 * One handler instance serves every invocation, as a warm container would.
 */
final class LocalFunction {

    /** Invocations and the time spent in the handler, for the cost model. */
    private final LongAdder invocations = new LongAdder();
    private final LongAdder handlerNanos = new LongAdder();

    private final SamFunction definition;
    private final Map<String, String> environment;
    private final Object handler;
    private final StackLog log;

    private LocalFunction(SamFunction definition, Map<String, String> environment, Object handler, StackLog log) {
        this.definition = definition;
        this.environment = Map.copyOf(environment);
        this.handler = handler;
        this.log = log;
    }

    /**
     * Builds the handler through its public constructor taking a {@link FunctionEnvironment}.
     *
     * @throws IllegalStateException naming the function when its handler cannot be built
     */
    static LocalFunction build(SamFunction definition, Map<String, String> environment, Clock clock, StackLog log) {
        String name = definition.handlerClass();
        if (!definition.handlerMethod().equals("handleRequest")) {
            throw new IllegalStateException(definition.logicalId() + "'s Handler names the method "
                    + definition.handlerMethod() + "; the local stack invokes handleRequest only");
        }
        try {
            Class<?> type = Class.forName(name, true, LocalFunction.class.getClassLoader());
            Object handler = type.getConstructor(FunctionEnvironment.class)
                    .newInstance(new FunctionEnvironment(environment, clock));
            return new LocalFunction(definition, environment, handler, log);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the handler class " + name + " of " + definition.logicalId()
                    + " is not on the classpath", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the handler class " + name + " of " + definition.logicalId()
                    + " has no public constructor taking a FunctionEnvironment", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the handler " + name + " of " + definition.logicalId()
                    + " failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the handler " + name + " of " + definition.logicalId(), e);
        }
    }

    String name() {
        return definition.logicalId();
    }

    SamFunction definition() {
        return definition;
    }

    /** The environment the handler was built with: the template's, plus the local stand-ins'. */
    Map<String, String> environment() {
        return environment;
    }

    boolean servesHttp() {
        return handler instanceof RequestHandler<?, ?>;
    }

    boolean takesStreams() {
        return handler instanceof RequestStreamHandler;
    }

    /** @throws IllegalStateException when {@code trigger} (a rule, a schedule) targets a handler that takes no events */
    void requireStreamHandler(String trigger) {
        if (!takesStreams()) {
            throw new IllegalStateException(name() + " is the target of " + trigger
                    + " but its handler is not a RequestStreamHandler");
        }
    }

    /**
     * Invokes an HTTP API handler.
     *
     * @throws FunctionError when the handler throws or runs past its Timeout
     */
    @SuppressWarnings("unchecked")
    APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        if (!servesHttp()) {
            throw new IllegalStateException(name() + " is not an HTTP API handler");
        }
        LambdaContext context = context();
        APIGatewayV2HTTPResponse response;
        long started = System.nanoTime();
        try {
            response = ((RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler)
                    .handleRequest(event, context);
        } catch (RuntimeException | Error e) {
            throw new FunctionError(name() + " failed: " + e, e);
        } finally {
            counted(started);
        }
        requireInTime(context);
        return response;
    }

    /**
     * Invokes a stream handler with an event's JSON and returns what it wrote.
     *
     * @throws FunctionError when the handler throws or runs past its Timeout
     */
    String invoke(String payload) {
        if (!takesStreams()) {
            throw new IllegalStateException(name() + " does not take EventBridge events");
        }
        LambdaContext context = context();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long started = System.nanoTime();
        try {
            ((RequestStreamHandler) handler).handleRequest(
                    new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, context);
        } catch (IOException | RuntimeException | Error e) {
            throw new FunctionError(name() + " failed: " + e, e);
        } finally {
            counted(started);
        }
        requireInTime(context);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void counted(long startedNanos) {
        handlerNanos.add(System.nanoTime() - startedNanos);
        invocations.increment();
    }

    /** How often the function was invoked and how long its handler ran, in all, since it was built. */
    record Usage(long invocations, Duration handlerTime) {
    }

    Usage usage() {
        return new Usage(invocations.sum(), Duration.ofNanos(handlerNanos.sum()));
    }

    private LambdaContext context() {
        return new LambdaContext(name(), definition.timeout(), definition.memorySize(),
                message -> log.line("function", name() + ": " + message));
    }

    /** Lambda stops a function at its Timeout; the local one is let finish, then failed as Lambda would report it. */
    private void requireInTime(LambdaContext context) {
        if (context.hasTimedOut()) {
            throw new FunctionError(name() + ": Task timed out after " + definition.timeout().toSeconds() + " seconds",
                    null, true);
        }
    }

    /** An invocation that failed: the handler threw, or ran out of time. */
    static final class FunctionError extends RuntimeException {
        private final boolean timedOut;

        FunctionError(String message, Throwable cause) {
            this(message, cause, false);
        }

        FunctionError(String message, Throwable cause, boolean timedOut) {
            super(message, cause);
            this.timedOut = timedOut;
        }

        boolean timedOut() {
            return timedOut;
        }
    }
}
