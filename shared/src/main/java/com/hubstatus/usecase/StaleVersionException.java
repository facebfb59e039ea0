package com.hubstatus.usecase;

/** The hub is no longer the version the caller saw (its {@code If-Match}): nothing was changed. */
public final class StaleVersionException extends RuntimeException {
    public StaleVersionException(long current) {
        super("the hub changed since you saw it; it is now at version " + current);
    }
}
