package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.observability.LogContext;
import com.hubstatus.observability.LogLines;
import com.hubstatus.runtime.EmfMetrics;
import com.hubstatus.runtime.FunctionEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What template.yaml gives an operator: sam build takes each function's jar as Maven built it,
 * every function is traced and logs to a log group of its own with a retention, the HTTP API
 * writes a JSON access log, the table and the failed-event queue outlive the stack, and alarms
 * watch the failed-event queue, each function's errors and throttles, and the sweep's lag, on the
 * metric the code emits.
 */
class OperationsTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SamTemplate template = SamTemplate.ofRepository();
    private final Map<String, Map<String, Object>> functions = template.resourcesOfType("AWS::Serverless::Function");

    @Test
    void samBuildTakesEveryFunctionsJarAsMavenBuiltIt() {
        assertFalse(functions.isEmpty());
        functions.forEach((id, function) -> {
            assertEquals(Map.of("SkipBuild", true), function.get("Metadata"), id);
            assertTrue(properties(function).get("CodeUri").toString().endsWith(".jar"), id);
        });
    }

    @Test
    void everyFunctionIsTracedAndLogsJsonToAGroupOfItsOwnKeptForTheRetentionParameter() {
        // given
        Map<String, Object> globals = template.globals("Function");

        // then
        assertEquals("Active", globals.get("Tracing"));
        assertEquals("JSON", map(globals.get("LoggingConfig")).get("LogFormat"));
        Set<String> groups = new java.util.HashSet<>();
        functions.forEach((id, function) -> {
            String group = ref(map(properties(function).get("LoggingConfig")).get("LogGroup"));
            assertTrue(groups.add(group), id + " shares its log group");
            assertRetained(group);
        });
    }

    @Test
    void theHttpApiWritesOneJsonObjectPerRequestToALogGroupWithRetention() throws IOException {
        // given
        Map<String, Object> settings = map(properties(template.resource("HttpApi")).get("AccessLogSettings"));

        // when
        JsonNode format = JSON.readTree((String) settings.get("Format"));

        // then
        assertRetained(getAttArn(settings.get("DestinationArn")));
        assertTrue(format.isObject());
        assertEquals("$context.requestId", format.get("requestId").asText());
        assertEquals("$context.status", format.get("status").asText());
        assertEquals("$context.routeKey", format.get("routeKey").asText());
        format.fields().forEachRemaining(field -> assertFalse(field.getValue().asText().contains("header"),
                "the access log names no header: " + field.getKey()));
    }

    @Test
    void theTableAndTheFailedEventQueueAreKeptWhenTheStackGoesOrReplacesThem() {
        for (String id : List.of("HubTable", "FailedEventQueue")) {
            assertEquals("Retain", template.resource(id).get("DeletionPolicy"), id);
            assertEquals("Retain", template.resource(id).get("UpdateReplacePolicy"), id);
        }
    }

    @Test
    void everyFunctionHasAnErrorsAndAThrottlesAlarmAndTheFailedEventQueueADepthAlarm() {
        // given
        List<Map<String, Object>> alarms = alarms();

        // then
        for (String function : functions.keySet()) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertEquals(1, alarms.stream().filter(alarm -> "AWS/Lambda".equals(alarm.get("Namespace"))
                        && metric.equals(alarm.get("MetricName"))
                        && function.equals(ref(dimension(alarm, "FunctionName")))).count(), function + " " + metric);
            }
        }
        Map<String, Object> queue = alarms.stream().filter(alarm -> "AWS/SQS".equals(alarm.get("Namespace"))).findFirst()
                .orElseThrow();
        assertEquals("ApproximateNumberOfMessagesVisible", queue.get("MetricName"));
        assertEquals(List.of("FailedEventQueue", "QueueName"), map(dimension(queue, "QueueName")).get("Fn::GetAtt"));
        assertEquals(1, queue.get("Threshold"));
    }

    @Test
    void theSweepLagAlarmWatchesTheMetricTheSweepEmitsUnderTheStacksServiceAndAlarmsWhenItIsMissing() throws IOException {
        // given: the alarm, and the metric line the code writes with the template's environment
        Map<String, Object> alarm = alarms().stream().filter(a -> "SweepLag".equals(a.get("MetricName"))).findFirst()
                .orElseThrow();
        Map<String, Object> variables = map(map(template.globals("Function").get("Environment")).get("Variables"));
        List<String> lines = new ArrayList<>();
        try (LogContext.Scope diverted = LogLines.divertTo(lines::add)) {
            new EmfMetrics((String) variables.get(FunctionEnvironment.METRICS_NAMESPACE), "stack-name")
                    .sweep(3, Duration.ofMinutes(2));
        }
        JsonNode line = lines.stream().map(OperationsTemplateTest::read).filter(l -> l.has("SweepLag")).findFirst()
                .orElseThrow();

        // then
        assertEquals(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText(), alarm.get("Namespace"));
        assertEquals("AWS::StackName", ref(variables.get(FunctionEnvironment.SERVICE_NAME)));
        assertEquals("AWS::StackName", ref(dimension(alarm, "Service")));
        assertEquals("stack-name", line.get("Service").asText());
        assertEquals(List.of("Service"), JSON.convertValue(line.at("/_aws/CloudWatchMetrics/0/Dimensions/0"), List.class));
        assertEquals(120_000, line.get("SweepLag").asInt());
        assertEquals("SweepLagAlarmMillis", ref(alarm.get("Threshold")));
        assertEquals("breaching", alarm.get("TreatMissingData"));
    }

    @Test
    void everyAlarmNotifiesTheAlarmTopicWhenOneIsGiven() {
        Map<String, Object> condition = map(map(template.root().get("Conditions")).get("HasAlarmTopic"));
        assertTrue(condition.containsKey("Fn::Not"), condition.toString());
        for (Map<String, Object> alarm : alarms()) {
            for (String actions : List.of("AlarmActions", "OKActions")) {
                List<?> choice = (List<?>) map(alarm.get(actions)).get("Fn::If");
                assertEquals("HasAlarmTopic", choice.get(0), alarm.toString());
                assertEquals(List.of(Map.of("Ref", "AlarmTopicArn")), choice.get(1));
                assertEquals(Map.of("Ref", "AWS::NoValue"), choice.get(2));
            }
        }
    }

    private List<Map<String, Object>> alarms() {
        return template.resourcesOfType("AWS::CloudWatch::Alarm").values().stream().map(OperationsTemplateTest::properties)
                .toList();
    }

    private void assertRetained(String logGroupId) {
        Map<String, Object> group = template.resource(logGroupId);
        assertEquals("AWS::Logs::LogGroup", group.get("Type"), logGroupId);
        assertEquals("LogRetentionDays", ref(properties(group).get("RetentionInDays")), logGroupId);
    }

    private static Object dimension(Map<String, Object> alarm, String name) {
        return ((List<?>) alarm.get("Dimensions")).stream().map(OperationsTemplateTest::map)
                .filter(d -> name.equals(d.get("Name"))).findFirst().map(d -> d.get("Value"))
                .orElseThrow(() -> new AssertionError("no dimension " + name + " in " + alarm));
    }

    private static String getAttArn(Object value) {
        List<?> getAtt = (List<?>) map(value).get("Fn::GetAtt");
        assertEquals("Arn", getAtt.get(1));
        return (String) getAtt.get(0);
    }

    private static String ref(Object value) {
        return (String) map(value).get("Ref");
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
