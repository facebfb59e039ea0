package com.hubstatus.usecase.port;

/** A paging cursor that this store did not issue for this listing. */
public final class InvalidCursorException extends RuntimeException {
    public InvalidCursorException() {
        super("the cursor is not valid for this listing");
    }
}
