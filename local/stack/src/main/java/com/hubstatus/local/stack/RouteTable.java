package com.hubstatus.local.stack;

import com.hubstatus.local.emulators.SamFunction;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's routes, as API Gateway matches them: a request goes to the most specific route
 * whose method and path template fit (a literal segment beats {@code {param}}, which beats a
 * greedy {@code {param+}}; a method beats {@code ANY}); {@code $default} takes what nothing else
 * does; with no fit the API answers 404 itself.
 */
final class RouteTable {

    private final List<Route> routes;

    RouteTable(List<LocalFunction> functions) {
        List<Route> found = new ArrayList<>();
        Map<String, String> taken = new HashMap<>();
        for (LocalFunction function : functions) {
            for (SamFunction.HttpApiRoute route : function.definition().routes()) {
                String previous = taken.putIfAbsent(route.apiId() + " " + route.routeKey(), function.name());
                if (previous != null) {
                    throw new IllegalStateException("route " + route.routeKey() + " is declared twice, by " + previous
                            + " and " + function.name());
                }
                if (!function.servesHttp()) {
                    throw new IllegalStateException(function.name() + " serves " + route.routeKey()
                            + " but its handler is not a RequestHandler of APIGatewayV2HTTPEvent");
                }
                found.add(new Route(route, function, segments(route.path())));
            }
        }
        this.routes = List.copyOf(found);
    }

    List<SamFunction.HttpApiRoute> routes() {
        return routes.stream().map(Route::route).toList();
    }

    /** The route a request reaches, with its path parameters decoded, if any. */
    Optional<Match> match(String method, String rawPath) {
        String[] requested = rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : null;
        Match best = null;
        int[] bestRank = null;
        for (Route route : routes) {
            if (!route.route().method().equals("ANY") && !route.route().method().equals(method)) {
                continue;
            }
            Map<String, String> parameters = route.isDefault() ? Map.of() : bind(route.segments(), requested);
            if (parameters == null) {
                continue;
            }
            int[] rank = route.rank();
            if (best == null || RANKING.compare(rank, bestRank) > 0) {
                best = new Match(route.route(), route.function(), parameters);
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Path parameters if the request's segments fit the template's, else null. */
    private static Map<String, String> bind(List<String> template, String[] requested) {
        if (requested == null) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String segment = template.get(i);
            if (isGreedy(segment)) {
                if (i >= requested.length) {
                    return null;
                }
                String rest = String.join("/", Arrays.copyOfRange(requested, i, requested.length));
                parameters.put(segment.substring(1, segment.length() - 2), decode(rest));
                return parameters;
            }
            if (i >= requested.length) {
                return null;
            }
            if (isParameter(segment)) {
                if (requested[i].isEmpty()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 1), decode(requested[i]));
            } else if (!segment.equals(decode(requested[i]))) {
                return null;
            }
        }
        return template.size() == requested.length ? parameters : null;
    }

    private static List<String> segments(String path) {
        if (path.equals("$default")) {
            return List.of();
        }
        if (!path.startsWith("/")) {
            throw new IllegalStateException("route path " + path + " does not start with /");
        }
        return List.of(path.substring(1).split("/", -1));
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean isGreedy(String segment) {
        return segment.startsWith("{") && segment.endsWith("+}");
    }

    /** Percent-decoding as in a path: a {@code +} stays a plus. The API refuses a malformed escape before routing. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Segment by segment, literal over parameter over greedy, then a method over ANY. */
    private static final Comparator<int[]> RANKING = Arrays::compare;

    record Match(SamFunction.HttpApiRoute route, LocalFunction function, Map<String, String> pathParameters) {
    }

    private record Route(SamFunction.HttpApiRoute route, LocalFunction function, List<String> segments) {

        boolean isDefault() {
            return route.path().equals("$default");
        }

        int[] rank() {
            if (isDefault()) {
                return new int[] {-1};
            }
            int[] rank = new int[segments.size() + 1];
            for (int i = 0; i < segments.size(); i++) {
                String segment = segments.get(i);
                rank[i] = isGreedy(segment) ? 1 : isParameter(segment) ? 2 : 3;
            }
            rank[segments.size()] = route.method().equals("ANY") ? 0 : 1;
            return rank;
        }
    }
}
