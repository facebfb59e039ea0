package com.hubstatus.usecase;

import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.SyncResult;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;
import com.hubstatus.usecase.port.Metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An external app gateway whose calls are timed and counted: each check and sync reports its
 * latency, and as an error when it could not conclude (a transient finding) or threw.
 */
public record MeteredGateway(ExternalAppGateway gateway, Metrics metrics) implements ExternalAppGateway {

    public MeteredGateway {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** {@code gateway} timed and counted by {@code metrics}, unless they count nothing. */
    public static ExternalAppGateway of(ExternalAppGateway gateway, Metrics metrics) {
        return metrics == Metrics.none() ? gateway : new MeteredGateway(gateway, metrics);
    }

    @Override
    public CheckResult check(HubRef hub) {
        return timed(hub, "check", () -> gateway.check(hub), CheckResult::isTransient);
    }

    @Override
    public SyncResult sync(HubRef hub, String runId) {
        return timed(hub, "sync", () -> gateway.sync(hub, runId),
                result -> !result.hasSucceeded() && result.failure().cause() == Cause.TRANSIENT);
    }

    private <T> T timed(HubRef hub, String operation, Supplier<T> call, Predicate<T> inconclusive) {
        long started = System.nanoTime();
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            metrics.externalCall(hub.app(), operation, Duration.ofNanos(System.nanoTime() - started), true);
            throw e;
        }
        metrics.externalCall(hub.app(), operation, Duration.ofNanos(System.nanoTime() - started),
                inconclusive.test(result));
        return result;
    }
}
