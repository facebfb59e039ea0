package com.hubstatus.local.stack;

import com.hubstatus.eventbridge.IncomingEvent;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.SamFunction;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The template's Schedule events at work, on the stack's clock: each schedule fires one period
 * after the stack starts, then every period. The ticker looks often (on the wall clock) whether a
 * schedule is due, so a clock moved past one or more periods fires it once, promptly: missed
 * firings are coalesced, as a scheduler that was asleep would not make up a day of sweeps.
 * While invocations are paused no schedule fires; the first look after resuming catches up.
 */
final class ScheduleTicker implements AutoCloseable {

    private final Clock clock;
    private final AsyncInvocations invocations;
    private final StackLog log;
    private final List<Entry> entries = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "schedule-ticker");
        thread.setDaemon(true);
        return thread;
    });

    ScheduleTicker(List<LocalFunction> functions, Clock clock, AsyncInvocations invocations, StackLog log) {
        this.clock = clock;
        this.invocations = invocations;
        this.log = log;
        // To the millisecond: the times show in the log and the banner, nanoseconds only add noise.
        Instant start = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (LocalFunction function : functions) {
            for (SamFunction.Schedule schedule : function.definition().schedules()) {
                function.requireStreamHandler("schedule " + schedule.eventName());
                Optional<Duration> period = schedule.rate();
                if (!schedule.enabled()) {
                    continue;
                }
                if (period.isEmpty()) {
                    log.info("not run locally: " + function.name() + "/" + schedule.eventName() + " " + schedule.expression()
                            + " (only rate() schedules are)");
                    continue;
                }
                entries.add(new Entry(function, schedule, period.get(), start.plus(period.get())));
            }
        }
    }

    void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::tickSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fires every schedule that is due by the clock now; returns how many fired. */
    synchronized int tick() {
        if (invocations.isPaused()) {
            return 0;
        }
        Instant now = clock.instant();
        int fired = 0;
        for (Entry entry : entries) {
            if (now.isBefore(entry.next)) {
                continue;
            }
            long periods = Duration.between(entry.next, now).dividedBy(entry.period);
            Instant due = entry.next.plus(entry.period.multipliedBy(periods));
            entry.next = due.plus(entry.period);
            fire(entry, due, periods);
            fired++;
        }
        return fired;
    }

    /** One line per schedule with its next firing, for the start-up banner. */
    synchronized List<String> describe() {
        return entries.stream()
                .map(e -> e.function.name() + "/" + e.schedule.eventName() + " " + e.schedule.expression() + ", next at " + e.next)
                .toList();
    }

    /** When each schedule ({@code Function/Event}) fires next. */
    synchronized Map<String, Instant> nextFirings() {
        Map<String, Instant> next = new LinkedHashMap<>();
        entries.forEach(e -> next.put(e.function.name() + "/" + e.schedule.eventName(), e.next));
        return next;
    }

    private void fire(Entry entry, Instant due, long skipped) {
        String name = entry.function.name() + "/" + entry.schedule.eventName();
        log.line("schedule", name + " " + entry.schedule.expression() + " fired for " + due
                + (skipped > 0 ? " (" + skipped + " earlier firing(s) coalesced)" : "") + "; next at " + entry.next);
        String payload = entry.schedule.input() != null ? entry.schedule.input() : scheduledEvent(entry, due);
        invocations.invoke(entry.function, payload, IncomingEvent.SCHEDULED_EVENT + " (" + entry.schedule.eventName() + ")");
    }

    /** EventBridge's envelope for a scheduled rule's event: source aws.events, the rule as resource, no detail. */
    private static String scheduledEvent(Entry entry, Instant due) {
        String rule = "arn:aws:events:" + LocalEventBridge.REGION + ":" + LocalEventBridge.ACCOUNT + ":rule/"
                + DevStack.STACK_NAME + "-" + entry.function.name() + entry.schedule.eventName();
        return LocalEventBridge.toLambdaPayload(new BusEvent(UUID.randomUUID().toString(), "aws.events",
                IncomingEvent.SCHEDULED_EVENT, Json.mapper().createObjectNode(), "default", due, List.of(rule)));
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A failed look must not end the ticker: the next one tries again.
            log.info("schedule check failed: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static final class Entry {
        final LocalFunction function;
        final SamFunction.Schedule schedule;
        final Duration period;
        Instant next;

        Entry(LocalFunction function, SamFunction.Schedule schedule, Duration period, Instant next) {
            this.function = function;
            this.schedule = schedule;
            this.period = period;
            this.next = next;
        }
    }
}
