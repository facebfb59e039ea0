package com.hubstatus.local.emulators;

import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the template's values come to in one stack, as CloudFormation would resolve them:
 * {@code !Ref} of a parameter (the value given, else its {@code Default}), of a resource (its
 * physical name) or of a pseudo parameter ({@code AWS::StackName}, ...), and {@code !Sub} and
 * {@code !Join} over those.
 *
 * <p>A resource's physical name is the one the caller gives; a resource the caller does not
 * name takes its {@code Name} property when the template sets one (an event bus does). Anything
 * else (a resource with no name, {@code !GetAtt}, conditions) is refused with the place named,
 * rather than guessed.
 */
public final class StackValues {

    /** CloudFormation's stand-in for "leave this property out". */
    private static final String NO_VALUE = "AWS::NoValue";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");

    private final SamTemplate template;
    private final String stackName;
    private final Map<String, String> parameters;
    private final Map<String, String> physicalIds;

    /**
     * @param stackName   the stack's name, {@code AWS::StackName}
     * @param parameters  parameter values that replace the template's defaults (as
     *                    {@code --parameter-overrides} does)
     * @param physicalIds resource logical id to physical name, for resources the template does not name
     */
    public StackValues(SamTemplate template, String stackName, Map<String, String> parameters,
                       Map<String, String> physicalIds) {
        this.template = Objects.requireNonNull(template, "template");
        this.stackName = Objects.requireNonNull(stackName, "stackName");
        this.parameters = Map.copyOf(parameters);
        this.physicalIds = Map.copyOf(physicalIds);
        for (String name : parameters.keySet()) {
            if (!declaredParameters().containsKey(name)) {
                throw new IllegalArgumentException("the template declares no parameter " + name);
            }
        }
    }

    public String stackName() {
        return stackName;
    }

    /**
     * A value as a string: a literal as it is, a number or boolean as CloudFormation writes it, an
     * intrinsic function resolved; null for {@code AWS::NoValue}.
     */
    public String string(Object value) {
        Object resolved = resolve(value);
        if (resolved instanceof List<?> list) {
            throw new IllegalArgumentException("expected a single value, got the list " + list);
        }
        return (String) resolved;
    }

    /** A value as a list of strings: a list, a CommaDelimitedList parameter, or one value. */
    public List<String> list(Object value) {
        Object resolved = resolve(value);
        if (resolved == null) {
            return List.of();
        }
        if (resolved instanceof List<?> list) {
            return list.stream().map(String.class::cast).toList();
        }
        return List.of((String) resolved);
    }

    /** A parameter's value: the one given, else the template's Default. */
    public Object parameter(String name) {
        Map<String, Object> declaration = declaredParameter(name);
        String value = parameters.containsKey(name) ? parameters.get(name) : defaultOf(name, declaration);
        if ("CommaDelimitedList".equals(declaration.get("Type")) || String.valueOf(declaration.get("Type")).startsWith("List<")) {
            return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
        }
        return value;
    }

    /** What {@code !Ref} of a resource gives: the physical name given, else the resource's {@code Name}. */
    public String physicalId(String logicalId) {
        String given = physicalIds.get(logicalId);
        if (given != null) {
            return given;
        }
        Map<String, Object> resource = template.resource(logicalId);
        Object properties = resource.get("Properties");
        if (properties instanceof Map<?, ?> props && props.containsKey("Name")) {
            return string(props.get("Name"));
        }
        throw new IllegalArgumentException("no physical name for resource " + logicalId
                + ": the template does not name it, so the stack must");
    }

    private Object resolve(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Number number -> number.toString();
            case Boolean bool -> bool.toString();
            case List<?> list -> {
                List<String> items = new ArrayList<>();
                for (Object item : list) {
                    items.add(string(item));
                }
                yield items;
            }
            case Map<?, ?> map when map.size() == 1 -> intrinsic(SamTemplate.cast(map));
            default -> throw new IllegalArgumentException("not a value the local stack can resolve: " + value);
        };
    }

    private Object intrinsic(Map<String, Object> function) {
        Map.Entry<String, Object> call = function.entrySet().iterator().next();
        Object argument = call.getValue();
        return switch (call.getKey()) {
            case "Ref" -> ref((String) argument);
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> {
                List<?> args = (List<?>) argument;
                yield String.join(string(args.get(0)), list(args.get(1)));
            }
            case "Fn::GetAtt" -> {
                List<?> path = (List<?>) argument;
                String attribute = path.get(0) + "." + path.get(1);
                String given = physicalIds.get(attribute);
                if (given == null) {
                    throw new IllegalArgumentException("Fn::GetAtt " + attribute + " has no local value");
                }
                yield given;
            }
            default -> throw new IllegalArgumentException(call.getKey() + " is not resolved by the local stack");
        };
    }

    private Object ref(String name) {
        return switch (name) {
            case "AWS::StackName" -> stackName;
            case "AWS::Region" -> LocalEventBridge.REGION;
            case "AWS::AccountId" -> LocalEventBridge.ACCOUNT;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case NO_VALUE -> null;
            default -> declaredParameters().containsKey(name) ? parameter(name) : physicalId(name);
        };
    }

    /** {@code ${Name}} takes a parameter, resource or pseudo parameter; {@code ${!Literal}} stays literal. */
    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> args) {
            text = (String) args.get(0);
            variables = SamTemplate.cast((Map<?, ?>) args.get(1));
        } else {
            text = (String) argument;
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(2);
            String replacement;
            if (!matcher.group(1).isEmpty()) {
                replacement = "${" + name + "}";
            } else if (variables.containsKey(name)) {
                replacement = string(variables.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                replacement = (String) intrinsic(Map.of("Fn::GetAtt", List.of(name.substring(0, name.indexOf('.')),
                        name.substring(name.indexOf('.') + 1))));
            } else {
                Object resolved = ref(name);
                if (resolved instanceof List<?>) {
                    throw new IllegalArgumentException("${" + name + "} is a list and cannot be substituted");
                }
                replacement = (String) resolved;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private Map<String, Object> declaredParameters() {
        Object declared = template.root().get("Parameters");
        return declared instanceof Map<?, ?> map ? SamTemplate.cast(map) : Map.of();
    }

    private Map<String, Object> declaredParameter(String name) {
        Object declaration = declaredParameters().get(name);
        if (!(declaration instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the template declares no parameter " + name);
        }
        return SamTemplate.cast(map);
    }

    private static String defaultOf(String name, Map<String, Object> declaration) {
        if (!declaration.containsKey("Default")) {
            throw new IllegalArgumentException("parameter " + name + " has no Default, so the stack must give it a value");
        }
        Object value = declaration.get("Default");
        return value == null ? "" : value.toString();
    }
}
