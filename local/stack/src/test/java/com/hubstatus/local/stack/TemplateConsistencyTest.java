package com.hubstatus.local.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.local.emulators.SamFunction;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.StackValues;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml agrees with the code: every function's handler class and method exist in the module
 * whose jar its CodeUri names, every variable the code reads is set, and {@code events/} holds one
 * sample per declared trigger and nothing else, each one an event that trigger really delivers.
 */
class TemplateConsistencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Variables the Lambda runtime sets itself; the template does not. */
    private static final Set<String> SET_BY_LAMBDA = Set.of(FunctionEnvironment.AWS_REGION);

    private final SamTemplate template = SamTemplate.ofRepository();
    private final Path root = SamTemplate.repositoryRoot();
    private final List<SamFunction> functions = template.functions(new StackValues(template, "hubstatus",
            Map.of("JwtIssuer", "https://issuer.example", "JwtAudience", "hubstatus-api",
                    "AutomationEndpoints", "google-ads=https://abc123.execute-api.eu-west-1.amazonaws.com/prod/google",
                    "AutomationInvokeArns", "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/*"),
            Map.of("HubTable", "hubstatus-HubTable")));

    @Test
    void everyFunctionsHandlerClassAndMethodExistInTheModuleItsCodeUriBuilds() throws Exception {
        assertEquals(6, functions.size());
        for (SamFunction function : functions) {
            String id = function.logicalId();

            // the CodeUri is the jar the module builds, and that module holds the handler's source
            String codeUri = String.valueOf(properties(id).get("CodeUri"));
            String[] parts = codeUri.split("/");
            assertEquals(4, parts.length, id + " CodeUri " + codeUri);
            assertEquals("functions", parts[0], id);
            assertEquals("target", parts[2], id);
            assertEquals(parts[1] + ".jar", parts[3], id + ": the jar the module's shade plugin names");
            Path source = root.resolve("functions").resolve(parts[1]).resolve("src/main/java")
                    .resolve(function.handlerClass().replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), id + ": no " + source);

            // the class is a Lambda handler with the method the Handler names and a no-argument constructor
            Class<?> handler = Class.forName(function.handlerClass());
            assertFalse(Modifier.isAbstract(handler.getModifiers()), id);
            assertNotNull(handler.getConstructor(), id + " needs the constructor the runtime calls");
            List<Class<?>> signature;
            if (RequestStreamHandler.class.isAssignableFrom(handler)) {
                signature = List.of(InputStream.class, OutputStream.class, Context.class);
            } else {
                assertTrue(RequestHandler.class.isAssignableFrom(handler), id + " is no Lambda handler");
                signature = null;
            }
            List<Method> methods = Arrays.stream(handler.getMethods())
                    .filter(m -> m.getName().equals(function.handlerMethod()) && !m.isBridge())
                    .filter(m -> signature == null
                            ? m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class
                            : List.of(m.getParameterTypes()).equals(signature))
                    .toList();
            assertEquals(1, methods.size(), id + "::" + function.handlerMethod());
        }
    }

    @Test
    void everyVariableTheCodeReadsIsSetForEveryFunction() throws Exception {
        // given every variable FunctionEnvironment knows
        Set<String> read = new TreeSet<>();
        for (Field field : FunctionEnvironment.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                read.add((String) field.get(null));
            }
        }
        read.removeAll(SET_BY_LAMBDA);
        assertTrue(read.contains(FunctionEnvironment.TABLE_NAME), read.toString());

        for (SamFunction function : functions) {
            // then the template sets each of them
            Set<String> missing = new TreeSet<>(read);
            missing.removeAll(function.environment().keySet());
            assertEquals(Set.of(), missing, function.logicalId());

            // and with exactly that environment, plus what Lambda adds, the handler builds
            Map<String, String> env = new HashMap<>(function.environment());
            env.put(FunctionEnvironment.AWS_REGION, "eu-west-1");
            env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
            env.put("AWS_SECRET_ACCESS_KEY", "example-secret");
            Object handler = Class.forName(function.handlerClass()).getConstructor(FunctionEnvironment.class)
                    .newInstance(new FunctionEnvironment(env, Clock.systemUTC()));
            assertNotNull(handler, function.logicalId());
        }
    }

    @Test
    void aDeploymentMustNameItsAutomationServiceAndOnlyTheFunctionsThatCallItMayInvokeIt() throws Exception {
        // given: neither parameter has a default, and the endpoints cannot be empty
        Map<?, ?> parameters = (Map<?, ?>) template.root().get("Parameters");
        Map<?, ?> endpoints = (Map<?, ?>) parameters.get("AutomationEndpoints");
        Map<?, ?> arns = (Map<?, ?>) parameters.get("AutomationInvokeArns");
        assertFalse(endpoints.containsKey("Default"), "AutomationEndpoints has no default");
        assertEquals(1, endpoints.get("MinLength"));
        assertFalse(arns.containsKey("Default"), "AutomationInvokeArns has no default");
        IllegalArgumentException unnamed = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> template.functions(new StackValues(template, "hubstatus",
                        Map.of("JwtIssuer", "https://issuer.example", "JwtAudience", "hubstatus-api"),
                        Map.of("HubTable", "hubstatus-HubTable"))));
        assertTrue(unnamed.getMessage().contains("AutomationEndpoints"), unnamed.getMessage());

        Set<String> calling = new TreeSet<>();
        for (SamFunction function : functions) {
            // when each handler is built without AUTOMATION_ENDPOINTS
            Map<String, String> env = new HashMap<>(function.environment());
            env.remove(FunctionEnvironment.AUTOMATION_ENDPOINTS);
            env.put(FunctionEnvironment.AWS_REGION, "eu-west-1");
            env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
            env.put("AWS_SECRET_ACCESS_KEY", "example-secret");
            boolean callsTheService;
            try {
                Class.forName(function.handlerClass()).getConstructor(FunctionEnvironment.class)
                        .newInstance(new FunctionEnvironment(env, Clock.systemUTC()));
                callsTheService = false;
            } catch (java.lang.reflect.InvocationTargetException e) {
                // then the ones that check or sync refuse at init, naming the variable
                assertTrue(e.getCause() instanceof IllegalStateException
                        && e.getCause().getMessage().startsWith("AUTOMATION_ENDPOINTS is not set"),
                        function.logicalId() + ": " + e.getCause());
                callsTheService = true;
                calling.add(function.logicalId());
            }

            // and exactly those may invoke the automation service's API, on the ARNs the deployment names
            assertEquals(callsTheService, invokeResources(function.logicalId()).equals(List.of(Map.of("Ref", "AutomationInvokeArns"))),
                    function.logicalId() + " execute-api:Invoke on " + invokeResources(function.logicalId()));
        }
        assertEquals(Set.of("RunSyncFunction", "RunValidationFunction"), calling);
    }

    /** The resources of the function's policy statements that allow execute-api:Invoke. */
    private List<Object> invokeResources(String logicalId) {
        Map<?, ?> properties = (Map<?, ?>) template.resource(logicalId).get("Properties");
        List<Object> resources = new ArrayList<>();
        for (Object policy : (List<?>) properties.get("Policies")) {
            if (policy instanceof Map<?, ?> document && document.get("Statement") instanceof List<?> statements) {
                for (Object statement : statements) {
                    Map<?, ?> allow = (Map<?, ?>) statement;
                    Object actions = allow.get("Action");
                    boolean invoke = actions instanceof List<?> list ? list.contains("execute-api:Invoke")
                            : "execute-api:Invoke".equals(actions);
                    if (invoke) {
                        resources.add(allow.get("Resource"));
                    }
                }
            }
        }
        return resources;
    }

    @Test
    void eventsHoldsOneSampleForEveryTriggerAndEachIsWhatThatTriggerDelivers() throws IOException {
        // given every trigger the template declares, as events/<Function>/<Event>.json
        Map<String, Object> declared = new HashMap<>();
        for (SamFunction function : functions) {
            function.routes().forEach(r -> declared.put(function.logicalId() + "/" + r.eventName() + ".json", r));
            function.rules().forEach(r -> declared.put(function.logicalId() + "/" + r.eventName() + ".json", r));
            function.schedules().forEach(s -> declared.put(function.logicalId() + "/" + s.eventName() + ".json", s));
            assertEquals(List.of(), function.otherEvents(), function.logicalId());
        }
        assertEquals(15, declared.size(), declared.keySet().toString());

        // when events/ is listed
        Path events = root.resolve("events");
        Set<String> files;
        try (Stream<Path> walk = Files.walk(events)) {
            files = walk.filter(Files::isRegularFile).map(p -> events.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        // then the two are the same
        assertEquals(new TreeSet<>(declared.keySet()), files);

        // and each file is an event its trigger delivers
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Object> entry : declared.entrySet()) {
            JsonNode event = JSON.readTree(events.resolve(entry.getKey()).toFile());
            String problem = switch (entry.getValue()) {
                case SamFunction.HttpApiRoute route -> route.routeKey().equals(event.path("routeKey").asText())
                        && route.routeKey().equals(event.at("/requestContext/routeKey").asText())
                        && "2.0".equals(event.path("version").asText())
                        && event.at("/requestContext/authorizer/jwt/claims/sub").isTextual()
                        ? null : "not a payload 2.0 event of " + route.routeKey() + " with JWT claims";
                case SamFunction.EventRule rule -> rule.matcher().matches(event)
                        ? null : "does not match the rule's pattern " + rule.pattern();
                case SamFunction.Schedule schedule -> schedule.input() == null
                        && "Scheduled Event".equals(event.path("detail-type").asText())
                        && "aws.events".equals(event.path("source").asText())
                        ? null : "not the Scheduled Event of " + schedule.expression();
                default -> "unknown trigger";
            };
            if (problem != null) {
                wrong.add(entry.getKey() + ": " + problem);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) template.resource(logicalId).get("Properties");
    }
}
