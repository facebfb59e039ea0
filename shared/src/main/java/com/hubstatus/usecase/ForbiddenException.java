package com.hubstatus.usecase;

/** The caller may see what they asked about but may not do this (a manager trying an owner action). */
public final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
