package com.hubstatus.usecase;

/** No hub of the app is connected in the caller's workspace, so there is no integration to act on. */
public final class IntegrationNotFoundException extends RuntimeException {
    public IntegrationNotFoundException() {
        super("no hub of this app is connected in the workspace");
    }
}
