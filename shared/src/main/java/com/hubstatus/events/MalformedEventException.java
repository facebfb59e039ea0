package com.hubstatus.events;

/** An event that does not follow its schema; retrying it cannot help. */
public final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }
}
