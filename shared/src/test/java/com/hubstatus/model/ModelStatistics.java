package com.hubstatus.model;

import java.util.Map;
import java.util.TreeMap;

/** What the model test ran: histories, steps, and how many steps of each kind of action. */
final class ModelStatistics {

    private final Map<String, Integer> actions = new TreeMap<>();
    private final Map<String, Integer> notes = new TreeMap<>();
    private final Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
    private final Map<String, Integer> reasons = new TreeMap<>();
    private final long startedNanos = System.nanoTime();
    private int histories;
    private int steps;
    private String lastKind;
    private final Map<String, long[]> costs = new TreeMap<>();
    private long setUpNanos;
    private long actingNanos;
    private long comparingNanos;
    private long actingRequests;
    private long comparingRequests;

    synchronized void historyStarted(long nanos) {
        histories++;
        setUpNanos += nanos;
    }

    synchronized void step(String description) {
        steps++;
        lastKind = kindOf(description);
        actions.merge(lastKind, 1, Integer::sum);
    }

    /** How long a step took to act and to compare, and the DynamoDB requests of each. */
    synchronized void timed(long acting, long comparing, long requestsActing, long requestsComparing) {
        long[] cost = costs.computeIfAbsent(lastKind, k -> new long[2]);
        cost[0] += acting;
        cost[1] += requestsActing;
        actingNanos += acting;
        comparingNanos += comparing;
        actingRequests += requestsActing;
        comparingRequests += requestsComparing;
    }

    /** A hub read in this status after a step. */
    synchronized void sawStatus(String status) {
        statuses.merge(status, 1, Integer::sum);
    }

    synchronized void sawReason(String reason) {
        reasons.merge(reason, 1, Integer::sum);
    }

    /** Something worth knowing that the contract allows (a choice the system made). */
    synchronized void note(String what) {
        notes.merge(what, 1, Integer::sum);
    }

    synchronized int steps() {
        return steps;
    }

    synchronized int histories() {
        return histories;
    }

    synchronized String report() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        StringBuilder text = new StringBuilder(String.format(
                "model-based test: %,d steps in %,d histories (%.1f s, %.2f ms a step), every hub compared after each step%n",
                steps, histories, seconds, steps == 0 ? 0 : seconds * 1000 / steps));
        if (histories > 0) {
            text.append(String.format("  a history's table: %.0f ms to create%n", setUpNanos / 1e6 / histories));
        }
        if (steps > 0) {
            text.append(String.format("  a step: %.2f ms acting (%.1f DynamoDB requests), %.2f ms comparing (%.1f requests)%n",
                    actingNanos / 1e6 / steps, (double) actingRequests / steps, comparingNanos / 1e6 / steps,
                    (double) comparingRequests / steps));
        }
        int width = actions.keySet().stream().mapToInt(String::length).max().orElse(10);
        actions.forEach((kind, count) -> {
            long[] cost = costs.getOrDefault(kind, new long[2]);
            text.append(String.format("  %-" + width + "s %,7d  %5.1f%%   %6.1f ms, %4.1f requests to act%n", kind, count,
                    100.0 * count / steps, cost[0] / 1e6 / count, (double) cost[1] / count));
        });
        text.append("  hubs compared, by status: ").append(statuses).append('\n');
        text.append("  open reasons compared: ").append(reasons).append('\n');
        notes.forEach((what, count) -> text.append(String.format("  %,7d x %s%n", count, what)));
        return text.toString();
    }

    private static String kindOf(String description) {
        if (description.startsWith("deliver again")) {
            return "deliver again, same event id";
        }
        if (description.startsWith("deliver a fresh copy")) {
            return "deliver a copy, fresh event id";
        }
        if (description.startsWith("deliver ")) {
            return "deliver " + description.substring("deliver ".length(), description.indexOf('('));
        }
        if (description.startsWith("clock to")) {
            return "clock to a 22 h / 24 h edge";
        }
        if (description.startsWith("clock +")) {
            return "clock move";
        }
        if (description.startsWith("app ")) {
            return description.contains(" automation ") ? "fixture: app automation" : "fixture: business ID known";
        }
        if (description.startsWith("account ")) {
            return "fixture: account reachable";
        }
        if (description.startsWith("service account ")) {
            return "fixture: service account problems";
        }
        if (description.startsWith("change ")) {
            return description.contains("businessId") ? "owner changes business ID" : "owner changes service account";
        }
        return switch (description.split(" ")[0]) {
            case "connect" -> "connect";
            case "sync" -> "owner runs a sync";
            case "recheck" -> "owner asks for a re-check";
            case "disconnect" -> "disconnect";
            case "revalidate" -> "operator re-validates";
            case "sweep" -> "staleness sweep";
            case "retry" -> "retry schedule";
            default -> description;
        };
    }
}
