package com.hubstatus.usecase;

/** The first request with this idempotency key is still running. */
public final class IdempotencyKeyInUseException extends RuntimeException {
    public IdempotencyKeyInUseException() {
        super("a request with this idempotency key is still running; send it again in a moment");
    }
}
