package com.hubstatus.status;

import java.util.List;

/** What checking one hub against its external app found: nothing (it passes) or findings. */
public record CheckResult(List<Finding> findings) {
    public CheckResult {
        findings = List.copyOf(findings);
    }

    public static CheckResult passed() {
        return new CheckResult(List.of());
    }

    public static CheckResult failed(Finding... findings) {
        return new CheckResult(List.of(findings));
    }

    public boolean hasPassed() {
        return findings.isEmpty();
    }

    /** True when the check could not conclude; nothing it found should be recorded. */
    public boolean isTransient() {
        return findings.stream().anyMatch(f -> f.cause() == Cause.TRANSIENT);
    }

    /** True when an automation failure or known issue made the rest of the check inconclusive. */
    public boolean isInconclusive() {
        return findings.stream().anyMatch(f -> f.cause().concernsIntegration());
    }
}
