package com.hubstatus.observability;

import com.fasterxml.jackson.core.JsonGenerator;
import com.hubstatus.json.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metric values as CloudWatch embedded-metric-format documents, one JSON object a line: the
 * {@code _aws} metadata naming namespace, dimensions and metrics, then the dimension values, the
 * metric values and the context's fields as plain properties.
 */
public final class EmfLines {

    public static final String COUNT = "Count";
    public static final String MILLISECONDS = "Milliseconds";
    /** The most values one metric may hold in one embedded-metric-format document. */
    static final int MAX_VALUES = 100;

    private EmfLines() {
    }

    /** Writes {@code value} now, or with the current invocation's other values when it ends. */
    public static void record(MetricBatch.Value value) {
        MetricBatch batch = MetricBatch.current();
        if (batch != null) {
            batch.add(value);
        } else {
            lines(List.of(value), System.currentTimeMillis(), LogContext.fields()).forEach(LogLines::write);
        }
    }

    /**
     * The lines for {@code values}: one per namespace and set of dimension values, counts summed,
     * times kept as values (at most {@value #MAX_VALUES} a line), and the context's fields as
     * properties, so a line can be found by its request id.
     */
    public static List<String> lines(List<MetricBatch.Value> values, long timestampMillis, Map<String, String> context) {
        // group -> metric name -> values
        Map<Group, Map<String, Series>> groups = new LinkedHashMap<>();
        for (MetricBatch.Value value : values) {
            Group group = new Group(value.namespace(), new TreeMap<>(value.dimensions()));
            groups.computeIfAbsent(group, g -> new LinkedHashMap<>())
                    .computeIfAbsent(value.name(), n -> new Series(value.unit(), new ArrayList<>()))
                    .add(value.value());
        }
        List<String> lines = new ArrayList<>();
        groups.forEach((group, series) -> {
            int longest = series.values().stream().mapToInt(s -> s.values().size()).max().orElse(0);
            for (int from = 0; from < longest; from += MAX_VALUES) {
                lines.add(line(group, series, from, timestampMillis, context));
            }
        });
        return lines;
    }

    private static String line(Group group, Map<String, Series> series, int from, long timestampMillis,
                               Map<String, String> context) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = Json.factory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", timestampMillis);
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", group.namespace());
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            for (String dimension : group.dimensions().keySet()) {
                json.writeString(dimension);
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Series> metric : series.entrySet()) {
                if (metric.getValue().values().size() > from) {
                    json.writeStartObject();
                    json.writeStringField("Name", metric.getKey());
                    json.writeStringField("Unit", metric.getValue().unit());
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<String, String> dimension : group.dimensions().entrySet()) {
                json.writeStringField(dimension.getKey(), dimension.getValue());
            }
            for (Map.Entry<String, Series> metric : series.entrySet()) {
                List<Double> part = metric.getValue().values();
                if (part.size() > from) {
                    part = part.subList(from, Math.min(part.size(), from + MAX_VALUES));
                    json.writeFieldName(metric.getKey());
                    if (part.size() == 1) {
                        writeNumber(json, part.getFirst());
                    } else {
                        json.writeStartArray();
                        for (double value : part) {
                            writeNumber(json, value);
                        }
                        json.writeEndArray();
                    }
                }
            }
            for (Map.Entry<String, String> field : context.entrySet()) {
                if (!group.dimensions().containsKey(field.getKey()) && !series.containsKey(field.getKey())) {
                    json.writeStringField(field.getKey(), field.getValue());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a metric line is written to memory", e);
        }
        return out.toString();
    }

    private static void writeNumber(JsonGenerator json, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            json.writeNumber((long) value);
        } else {
            json.writeNumber(value);
        }
    }

    private record Group(String namespace, Map<String, String> dimensions) {
    }

    /** A metric's values; counts are summed as they come. */
    private record Series(String unit, List<Double> values) {
        void add(double value) {
            if (unit.equals(COUNT) && !values.isEmpty()) {
                values.set(0, values.getFirst() + value);
            } else {
                values.add(value);
            }
        }
    }
}
