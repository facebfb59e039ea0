package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.ExecutorShutdown;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Invokes functions asynchronously, as Lambda invokes the targets of EventBridge rules and
 * schedules: the invocation is queued and runs on a thread of its own, never the publisher's;
 * one that fails is retried with a doubling delay as often as the function's EventInvokeConfig
 * allows, then dead-lettered (logged, where the template sends it to its failed-event queue).
 *
 * <p>Every invocation queued, waiting for a retry or running is counted until it is done, so
 * {@link #awaitIdle} waits for quiet on a condition rather than by polling. Paused, it takes
 * invocations but starts none until resumed, so the states in between can be looked at.
 */
final class AsyncInvocations implements AutoCloseable {

    /** Lambda waits about a minute before its first retry; locally nobody should have to. */
    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);

    private final StackLog log;
    private final ExecutorService runners =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("invocation-", 1).factory());
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "invocation-retry-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong deadLettered = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition quiet = lock.newCondition();
    // Guarded by lock.
    private int inFlight;
    private boolean paused;
    private boolean closed;
    private final List<Invocation> held = new ArrayList<>();

    AsyncInvocations(StackLog log) {
        this.log = log;
    }

    /**
     * Queues an invocation of {@code function} with {@code payload}.
     *
     * @param what what the payload is, for the log: a detail type, a schedule
     */
    void invoke(LocalFunction function, String payload, String what) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            inFlight++;
        } finally {
            lock.unlock();
        }
        dispatch(new Invocation(function, payload, what, 1));
    }

    /** Holds every invocation, new or retried, until {@link #resume}. */
    void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts what was held, and whatever comes next. */
    void resume() {
        List<Invocation> released;
        lock.lock();
        try {
            paused = false;
            released = List.copyOf(held);
            held.clear();
        } finally {
            lock.unlock();
        }
        released.forEach(this::dispatch);
    }

    boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /** Invocations given up after their last retry. */
    long deadLettered() {
        return deadLettered.get();
    }

    /**
     * Blocks until no invocation is queued, held, waiting for a retry or running.
     *
     * @throws TimeoutException when that does not happen within {@code timeout} (paused, say)
     */
    void awaitIdle(Duration timeout) throws InterruptedException, TimeoutException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (inFlight > 0) {
                if (left <= 0) {
                    throw new TimeoutException(inFlight + " invocation(s) still queued or running after " + timeout
                            + (paused ? " (deliveries are paused)" : ""));
                }
                left = quiet.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private void dispatch(Invocation invocation) {
        lock.lock();
        try {
            if (paused) {
                held.add(invocation);
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            runners.execute(() -> run(invocation));
        } catch (RejectedExecutionException closing) {
            done();
        }
    }

    private void run(Invocation invocation) {
        LocalFunction function = invocation.function();
        long started = System.nanoTime();
        boolean retrying = false;
        try {
            String output = function.invoke(invocation.payload());
            log.line("event", describe(invocation) + " returned " + outcome(output) + " in " + millisSince(started)
                    + " ms (attempt " + invocation.attempt() + ")");
        } catch (LocalFunction.FunctionError failure) {
            int attempts = 1 + function.definition().asyncRetries();
            String failed = describe(invocation) + " failed in " + millisSince(started) + " ms (attempt "
                    + invocation.attempt() + " of " + attempts + "): " + failure.getMessage();
            if (invocation.attempt() < attempts) {
                Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << (invocation.attempt() - 1));
                log.line("event", failed + "; retrying in " + delay.toMillis() + " ms");
                retrying = retryLater(invocation.next(), delay);
            } else {
                deadLettered.incrementAndGet();
                log.line("event", failed + "; dead-lettered");
            }
        } catch (RuntimeException bug) {
            log.line("event", describe(invocation) + " NOT DELIVERED: " + bug);
        } finally {
            if (!retrying) {
                done();
            }
        }
    }

    private boolean retryLater(Invocation next, Duration delay) {
        try {
            retryTimer.schedule(() -> dispatch(next), delay.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    private void done() {
        lock.lock();
        try {
            inFlight--;
            if (inFlight == 0) {
                quiet.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private static String describe(Invocation invocation) {
        return invocation.what() + " -> " + invocation.function().name();
    }

    /** The {@code outcome} a handler of this project answers with, else just that it returned. */
    private static String outcome(String output) {
        try {
            JsonNode answer = output.isBlank() ? null : Json.mapper().readTree(output);
            if (answer != null && answer.path("outcome").isTextual()) {
                return answer.get("outcome").asText();
            }
        } catch (IOException notJson) {
            // a handler may answer anything; it returned, which is what counts
        }
        return "OK";
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            held.clear();
        } finally {
            lock.unlock();
        }
        retryTimer.shutdownNow();
        // Let running invocations finish their writes before DynamoDB goes away.
        ExecutorShutdown.within(runners, Duration.ofSeconds(10));
    }

    private record Invocation(LocalFunction function, String payload, String what, int attempt) {
        Invocation next() {
            return new Invocation(function, payload, what, attempt + 1);
        }
    }
}
