package com.hubstatus.observability;

import com.fasterxml.jackson.core.JsonGenerator;
import com.hubstatus.json.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * A {@link System.Logger} that writes each entry as one JSON object on one line: {@code timestamp},
 * {@code level}, {@code logger}, {@code message}, the fields of the {@link LogContext} (request id,
 * function, workspace, hub and event ids) and, for a throwable, {@code error} with its stack trace
 * inside the string. Entries below the level Lambda's advanced logging controls set
 * ({@code AWS_LAMBDA_LOG_LEVEL}; INFO without it) are not written.
 *
 * <p>The project's own: Lambda's JSON log format only structures what goes through its
 * {@code LambdaLogger} or Log4j2, and neither carries the context fields; this costs no logging
 * framework's start-up.
 */
public final class JsonLogger implements System.Logger {

    private static final Level THRESHOLD = threshold(System.getenv("AWS_LAMBDA_LOG_LEVEL"));

    private final String name;
    private final Level threshold;

    JsonLogger(String name, Level threshold) {
        this.name = name;
        this.threshold = threshold;
    }

    /** The logger of a class, at the level of the environment. */
    public static System.Logger of(Class<?> type) {
        return new JsonLogger(type.getName(), THRESHOLD);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return level != Level.OFF && level.getSeverity() >= threshold.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        if (isLoggable(level)) {
            LogLines.write(line(Instant.now(), level, name, localized(bundle, message), thrown, LogContext.fields()));
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            String pattern = localized(bundle, format);
            String message = params == null || params.length == 0 ? pattern
                    : new MessageFormat(pattern, Locale.ROOT).format(params);
            LogLines.write(line(Instant.now(), level, name, message, null, LogContext.fields()));
        }
    }

    @Override
    public void log(Level level, Supplier<String> message) {
        if (isLoggable(level)) {
            log(level, (ResourceBundle) null, message.get(), (Throwable) null);
        }
    }

    /** One entry as a JSON object on one line. */
    static String line(Instant at, Level level, String logger, String message, Throwable thrown,
                       Map<String, String> context) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = Json.factory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", at.toString());
            json.writeStringField("level", levelName(level));
            json.writeStringField("logger", logger);
            json.writeStringField("message", message == null ? "" : message);
            for (Map.Entry<String, String> field : context.entrySet()) {
                json.writeStringField(field.getKey(), field.getValue());
            }
            if (thrown != null) {
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                json.writeStringField("error", trace.toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a log line is written to memory", e);
        }
        return out.toString();
    }

    /** The level names Lambda's log-level filter and CloudWatch use. */
    static String levelName(Level level) {
        return switch (level) {
            case TRACE -> "TRACE";
            case DEBUG -> "DEBUG";
            case INFO -> "INFO";
            case WARNING -> "WARN";
            case ERROR -> "ERROR";
            default -> "INFO";
        };
    }

    /** The level from Lambda's {@code AWS_LAMBDA_LOG_LEVEL} (TRACE, DEBUG, INFO, WARN, ERROR, FATAL); INFO otherwise. */
    static Level threshold(String configured) {
        if (configured == null) {
            return Level.INFO;
        }
        return switch (configured.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARN", "WARNING" -> Level.WARNING;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    private static String localized(ResourceBundle bundle, String key) {
        if (bundle == null || key == null) {
            return key;
        }
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }
}
