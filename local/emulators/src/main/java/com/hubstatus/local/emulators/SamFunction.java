package com.hubstatus.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.local.emulators.eventbridge.EventPattern;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One {@code AWS::Serverless::Function} of the template with what it takes to run it as Lambda
 * would: Globals merged in, every value resolved for one stack ({@link StackValues}).
 *
 * @param logicalId     the function's logical id
 * @param handlerClass  the class {@code Handler} names ({@code com.x.Y::handleRequest} gives {@code com.x.Y})
 * @param handlerMethod the method {@code Handler} names, {@code handleRequest} when it names none
 * @param timeout       {@code Timeout}, SAM's default of 3 s when neither the function nor Globals set it
 * @param memorySize    {@code MemorySize} in MB, SAM's default of 128 when unset
 * @param asyncRetries  how often Lambda retries a failed asynchronous invocation (EventBridge rules and
 *                      schedules invoke asynchronously): {@code EventInvokeConfig.MaximumRetryAttempts},
 *                      Lambda's default of 2 when unset
 * @param environment   {@code Environment.Variables}, Globals' overlaid by the function's, in template order
 * @param routes        the {@code HttpApi} events
 * @param rules         the {@code EventBridgeRule} events
 * @param schedules     the {@code Schedule} events
 * @param otherEvents   events of any other type, as {@code Name (Type)}
 */
public record SamFunction(
        String logicalId,
        String handlerClass,
        String handlerMethod,
        Duration timeout,
        int memorySize,
        int asyncRetries,
        Map<String, String> environment,
        List<HttpApiRoute> routes,
        List<EventRule> rules,
        List<Schedule> schedules,
        List<String> otherEvents) {

    public SamFunction {
        if (Stream.of(logicalId, handlerClass, handlerMethod, timeout).anyMatch(Objects::isNull)) {
            throw new NullPointerException("a function has a logical id, a handler class and method, and a timeout");
        }
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
        schedules = List.copyOf(schedules);
        otherEvents = List.copyOf(otherEvents);
    }

    /**
     * An {@code HttpApi} event: a route of an HTTP API.
     *
     * @param method     upper case, or {@code ANY}
     * @param path       the path template such as {@code /hubs/{hubId}}, or {@code $default}
     * @param apiId      the logical id of the API ({@code ServerlessHttpApi} for SAM's implicit one)
     * @param authorizer the JWT authorizer guarding the route, or null when none does
     * @param scopes     {@code AuthorizationScopes}: the token must carry one of them (none: no check)
     */
    public record HttpApiRoute(String eventName, String method, String path, String apiId, JwtAuthorizer authorizer,
                               List<String> scopes) {
        public HttpApiRoute {
            scopes = List.copyOf(scopes);
        }

        /** API Gateway's route key: {@code GET /hubs/{hubId}}, or {@code $default}. */
        public String routeKey() {
            return path.equals("$default") ? "$default" : method + " " + path;
        }
    }

    /**
     * A JWT authorizer of an HTTP API.
     *
     * @param identitySource where the token is read, such as {@code $request.header.Authorization}
     * @param issuer         the accepted {@code iss}
     * @param audiences      the accepted {@code aud} (or {@code client_id}) values
     */
    public record JwtAuthorizer(String name, String identitySource, String issuer, List<String> audiences) {
        public JwtAuthorizer {
            audiences = List.copyOf(audiences);
        }
    }

    /**
     * An {@code EventBridgeRule} event.
     *
     * @param eventBusName the bus the rule listens on (a name or an ARN), {@code default} when unset
     * @param pattern      the rule's event pattern as JSON
     * @param matcher      the pattern, ready to match events
     */
    public record EventRule(String eventName, String eventBusName, JsonNode pattern, EventPattern matcher,
                            boolean enabled) {
    }

    /**
     * A {@code Schedule} event.
     *
     * @param expression {@code rate(...)} or {@code cron(...)}
     * @param input      the {@code Input} JSON the target gets instead of the Scheduled Event, or null
     */
    public record Schedule(String eventName, String expression, String input, boolean enabled) {

        private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minutes?|hours?|days?)\\s*\\)");

        /** The period of a {@code rate(N unit)} expression; empty for a cron expression. */
        public Optional<Duration> rate() {
            Matcher matcher = RATE.matcher(expression.strip().toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                if (expression.strip().startsWith("cron(")) {
                    return Optional.empty();
                }
                throw new IllegalArgumentException("schedule " + eventName + " has an expression EventBridge does not take: "
                        + expression);
            }
            long amount = Long.parseLong(matcher.group(1));
            if (amount < 1) {
                throw new IllegalArgumentException("schedule " + eventName + " has a rate below 1: " + expression);
            }
            return Optional.of(switch (matcher.group(2).charAt(0)) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
    }
}
