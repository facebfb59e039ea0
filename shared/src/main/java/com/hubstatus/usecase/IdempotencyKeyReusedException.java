package com.hubstatus.usecase;

/** An idempotency key sent again with a different request. */
public final class IdempotencyKeyReusedException extends RuntimeException {
    public IdempotencyKeyReusedException() {
        super("this idempotency key was used for a different request");
    }
}
