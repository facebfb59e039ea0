package com.hubstatus.runtime;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.Objects;

/**
 * A function's SnapStart hooks. Before the checkpoint it runs the function's request path once,
 * with no side effects: the environment's part (the read of a hub, with its workspace's cohorts
 * beside it, for keys that do not exist; a made-up hub's status evaluated and written as JSON, a
 * domain event encoded and decoded; and on a function that publishes a PutEvents marshalled and
 * signed but never sent) and the handler's part (an event or request it answers without calling a
 * use case). So the snapshot holds loaded, initialized and compiled classes instead of the first
 * request paying for them. After restore, what must differ between execution environments
 * restored from one snapshot is made anew: the id source's random generator and the credentials;
 * the priming read's connections are never reused (the JDK drops a pooled connection idle past
 * its keep-alive timeout), so the first request opens its own.
 *
 * <p>On a JVM without CRaC (the local stack, the tests, Lambda without SnapStart) registering is
 * harmless and the hooks never run; {@link #beforeCheckpoint} and {@link #afterRestore} can be
 * called directly.
 */
public final class SnapStartPriming implements Resource {

    private final FunctionEnvironment environment;
    private final Runnable handlerPath;

    SnapStartPriming(FunctionEnvironment environment, Runnable handlerPath) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.handlerPath = Objects.requireNonNull(handlerPath, "handlerPath");
    }

    /** Registers the hooks with the JVM's global context; the caller keeps the returned hook (the context may not). */
    static SnapStartPriming register(FunctionEnvironment environment, Runnable handlerPath) {
        SnapStartPriming priming = new SnapStartPriming(environment, handlerPath);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** Runs the request path once; what it found, for a test to see it ran. */
    public FunctionEnvironment.Primed prime() {
        FunctionEnvironment.Primed primed = environment.prime();
        handlerPath.run();
        return primed;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        environment.renewAfterRestore();
    }
}
