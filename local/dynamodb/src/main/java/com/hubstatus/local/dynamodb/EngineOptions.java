package com.hubstatus.local.dynamodb;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start a {@link DynamoDbEngine}.
 *
 * @param port        the loopback port, or 0 for a free one
 * @param dataDir     the folder that keeps the data across restarts, or null to keep it in memory
 * @param clock       the engine's time: for time to live, idempotency tokens and creation times
 * @param ttlInterval how often the background reaper deletes expired items, or null for never (then
 *                    only {@link DynamoDbEngine#expireItems()} does)
 */
public record EngineOptions(int port, Path dataDir, Clock clock, Duration ttlInterval) {

    /** By default the reaper looks for expired items every second. */
    public static final Duration DEFAULT_TTL_INTERVAL = Duration.ofSeconds(1);

    public EngineOptions {
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        if (ttlInterval != null && (ttlInterval.isNegative() || ttlInterval.isZero())) {
            throw new IllegalArgumentException("the TTL interval must be positive: " + ttlInterval);
        }
    }

    /** A free port, in memory, the system clock, expired items reaped every second. */
    public static EngineOptions defaults() {
        return new EngineOptions(0, null, Clock.systemUTC(), DEFAULT_TTL_INTERVAL);
    }

    public EngineOptions withPort(int port) {
        return new EngineOptions(port, dataDir, clock, ttlInterval);
    }

    public EngineOptions withDataDir(Path dataDir) {
        return new EngineOptions(port, dataDir, clock, ttlInterval);
    }

    public EngineOptions withClock(Clock clock) {
        return new EngineOptions(port, dataDir, clock, ttlInterval);
    }

    public EngineOptions withTtlInterval(Duration ttlInterval) {
        return new EngineOptions(port, dataDir, clock, ttlInterval);
    }
}
