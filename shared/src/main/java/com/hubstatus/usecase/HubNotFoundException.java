package com.hubstatus.usecase;

/** No such hub, or one the caller may not see: the same refusal, so a hub's existence is never revealed. */
public final class HubNotFoundException extends RuntimeException {
    public HubNotFoundException() {
        super("no such hub");
    }
}
