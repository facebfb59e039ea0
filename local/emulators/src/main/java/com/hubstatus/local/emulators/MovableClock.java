package com.hubstatus.local.emulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that runs with the system clock but can be moved forward, for tests and the local
 * stack: time is an input, so a hub can go stale without waiting a day. Thread-safe; every
 * component given the same instance sees the same time.
 */
public final class MovableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;
    private final AtomicReference<Instant> frozenAt;

    private MovableClock(Clock base, Duration offset, Instant frozenAt) {
        this.base = base;
        this.offset = new AtomicReference<>(offset);
        this.frozenAt = new AtomicReference<>(frozenAt);
    }

    /** Follows the system clock, plus whatever it has been moved by. */
    public static MovableClock running() {
        return new MovableClock(Clock.systemUTC(), Duration.ZERO, null);
    }

    /** Stands still at {@code instant} until moved: for tests that assert exact times. */
    public static MovableClock fixedAt(Instant instant) {
        return new MovableClock(Clock.systemUTC(), Duration.ZERO, Objects.requireNonNull(instant));
    }

    /** Moves the clock forward (a negative duration is refused: time does not run back). */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        Instant frozen = frozenAt.get();
        if (frozen != null) {
            frozenAt.set(frozen.plus(by));
        } else {
            offset.updateAndGet(current -> current.plus(by));
        }
    }

    /** How far ahead of the system clock this clock is (zero for a fixed clock). */
    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt.get();
        return frozen != null ? frozen : base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a movable clock is always UTC");
    }
}
