package com.hubstatus.usecase;

/** How long an invocation may still run: long work stops taking more and hands the rest on. */
@FunctionalInterface
public interface TimeBudget {

    long remainingMillis();

    /** No limit but the work itself (tests, the local stack without a context). */
    static TimeBudget unlimited() {
        return () -> Long.MAX_VALUE;
    }
}
