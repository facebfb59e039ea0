package com.hubstatus.local.stack;

import com.hubstatus.local.emulators.SamFunction;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The template's EventBridgeRule events at work: each event the bus accepts goes to every function
 * with an enabled rule on that event's bus whose pattern matches it, as EventBridge delivers to a
 * Lambda target (an asynchronous invocation with the event's envelope as payload).
 */
final class RuleDelivery implements Consumer<BusEvent> {

    private final List<Target> targets;
    private final AsyncInvocations invocations;

    RuleDelivery(List<LocalFunction> functions, AsyncInvocations invocations) {
        List<Target> found = new ArrayList<>();
        for (LocalFunction function : functions) {
            for (SamFunction.EventRule rule : function.definition().rules()) {
                function.requireStreamHandler("rule " + rule.eventName());
                if (rule.enabled()) {
                    found.add(new Target(function, rule, busName(rule.eventBusName())));
                }
            }
        }
        this.targets = List.copyOf(found);
        this.invocations = invocations;
    }

    /** Called by the bus as it accepts an event, before the publisher has its answer: only queues. */
    @Override
    public void accept(BusEvent event) {
        String bus = busName(event.eventBusName());
        String payload = null;
        for (Target target : targets) {
            if (target.bus().equals(bus) && target.rule().matcher().matches(event)) {
                if (payload == null) {
                    payload = LocalEventBridge.toLambdaPayload(event);
                }
                invocations.invoke(target.function(), payload, event.detailType());
            }
        }
    }

    /** One line per rule, for the start-up banner. */
    List<String> describe() {
        return targets.stream()
                .map(t -> t.rule().pattern() + " on " + t.bus() + " -> " + t.function().name())
                .toList();
    }

    /** A bus is named by its name or its ARN ({@code arn:aws:events:region:account:event-bus/NAME}). */
    static String busName(String nameOrArn) {
        int slash = nameOrArn.lastIndexOf("event-bus/");
        return nameOrArn.startsWith("arn:") && slash >= 0 ? nameOrArn.substring(slash + "event-bus/".length()) : nameOrArn;
    }

    private record Target(LocalFunction function, SamFunction.EventRule rule, String bus) {
    }
}
