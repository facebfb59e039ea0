package com.hubstatus.status;

/** A re-validation was asked for while a validation of the same cohort is in progress. */
public final class ValidationAlreadyRunningException extends RuntimeException {
    public ValidationAlreadyRunningException() {
        super("a validation of this integration is already in progress");
    }
}
