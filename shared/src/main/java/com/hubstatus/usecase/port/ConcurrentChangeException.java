package com.hubstatus.usecase.port;

/**
 * Someone else changed the item between this caller's read and write. Nothing was written;
 * read again and decide again.
 */
public final class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
