package com.hubstatus.status;

/** A re-check was asked for while the hub is already being checked (on its own or by its cohort's validation). */
public final class CheckAlreadyRunningException extends RuntimeException {
    public CheckAlreadyRunningException() {
        super("the hub is already being checked");
    }
}
