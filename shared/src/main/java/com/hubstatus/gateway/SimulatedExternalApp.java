package com.hubstatus.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Finding;
import com.hubstatus.status.SyncResult;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * External apps played from a JSON fixtures file, for tests and the local stack. The format and
 * rules are in {@code docs/simulated-app.md}.
 *
 * <p>A file-backed instance looks at the file's last-modified time and size on every call and
 * reads it again when either changed, so editing the file changes a running process's answers.
 * A file that turns unreadable or invalid makes every answer transient until it is fixed.
 */
public final class SimulatedExternalApp implements ExternalAppGateway {

    /** The classpath resource with the fixtures of {@link #bundled()}. */
    public static final String BUNDLED_RESOURCE = "/com/hubstatus/gateway/simulated-apps.json";

    private final Path path;
    private Snapshot snapshot;
    private Stamp stamp;

    /**
     * Plays the fixtures in {@code path}, following later edits of the file.
     *
     * @throws IllegalArgumentException naming the problem when the file cannot be read or is not valid fixtures
     */
    public SimulatedExternalApp(Path path) {
        this.path = Objects.requireNonNull(path, "path");
        try {
            this.stamp = Stamp.of(path);
            this.snapshot = new Snapshot(Fixtures.parse(Files.readAllBytes(path)), null);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read simulated app fixtures " + path + ": " + e, e);
        } catch (InvalidFixtures e) {
            throw new IllegalArgumentException(
                    "simulated app fixtures " + path + " are invalid: " + e.getMessage(), e);
        }
    }

    private SimulatedExternalApp(Fixtures fixtures) {
        this.path = null;
        this.snapshot = new Snapshot(fixtures, null);
    }

    /** Plays the fixtures bundled as {@link #BUNDLED_RESOURCE}. */
    public static SimulatedExternalApp bundled() {
        try (InputStream in = SimulatedExternalApp.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the bundled simulated app fixtures " + BUNDLED_RESOURCE + " are missing");
            }
            return new SimulatedExternalApp(Fixtures.parse(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidFixtures e) {
            throw new IllegalStateException("the bundled simulated app fixtures are invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Plays fixtures given as JSON text; they never change.
     *
     * @throws IllegalArgumentException naming the problem when the text is not valid fixtures
     */
    public static SimulatedExternalApp fromJson(String json) {
        try {
            return new SimulatedExternalApp(Fixtures.parse(json.getBytes(StandardCharsets.UTF_8)));
        } catch (InvalidFixtures e) {
            throw new IllegalArgumentException("simulated app fixtures are invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public CheckResult check(HubRef hub) {
        Objects.requireNonNull(hub, "hub");
        Snapshot current = current();
        if (current.invalidReason() != null) {
            return CheckResult.failed(Finding.of(Cause.TRANSIENT, current.invalidReason()));
        }
        return new CheckResult(current.fixtures().findings(hub));
    }

    @Override
    public SyncResult sync(HubRef hub, String runId) {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(runId, "runId");
        Snapshot current = current();
        if (current.invalidReason() != null) {
            return SyncResult.failed(Finding.of(Cause.TRANSIENT, current.invalidReason()));
        }
        List<Finding> findings = current.fixtures().findings(hub);
        if (!findings.isEmpty()) {
            return SyncResult.failed(findings.getFirst());
        }
        // A check always finds a missing business ID, so it is set here.
        Finding failure = current.fixtures().syncFailures().get(hub.businessId());
        return failure == null ? SyncResult.succeeded() : SyncResult.failed(failure);
    }

    private synchronized Snapshot current() {
        if (path == null) {
            return snapshot;
        }
        Stamp now;
        try {
            now = Stamp.of(path);
        } catch (IOException e) {
            stamp = null;
            snapshot = new Snapshot(snapshot.fixtures(), invalid("the file cannot be read (" + e + ")"));
            return snapshot;
        }
        if (now.equals(stamp)) {
            return snapshot;
        }
        // Stamped before reading: a write that lands during the read changes the stamp again,
        // so the next call reads the file once more.
        stamp = now;
        try {
            snapshot = new Snapshot(Fixtures.parse(Files.readAllBytes(path)), null);
        } catch (IOException e) {
            snapshot = new Snapshot(snapshot.fixtures(), invalid("the file cannot be read (" + e + ")"));
        } catch (InvalidFixtures e) {
            snapshot = new Snapshot(snapshot.fixtures(), invalid(e.getMessage()));
        }
        return snapshot;
    }

    private String invalid(String reason) {
        return "The simulated app fixtures " + path.getFileName() + " are invalid: " + reason;
    }

    /** The fixtures last read well, and why the file is not usable now (null when it is). */
    private record Snapshot(Fixtures fixtures, String invalidReason) {
    }

    private record Stamp(FileTime lastModified, long size) {
        static Stamp of(Path path) throws IOException {
            return new Stamp(Files.getLastModifiedTime(path), Files.size(path));
        }
    }

    private static final class InvalidFixtures extends Exception {
        InvalidFixtures(String message) {
            super(message, null, false, false);
        }
    }

    private enum Automation {
        WORKS("works"), FAILS("fails"), KNOWN_ISSUE("known-issue"), UNAVAILABLE("unavailable");

        private final String value;

        Automation(String value) {
            this.value = value;
        }

        static Automation parse(String value, String where) throws InvalidFixtures {
            for (Automation automation : values()) {
                if (automation.value.equals(value)) {
                    return automation;
                }
            }
            throw new InvalidFixtures(where + " must be one of works, fails, known-issue, unavailable, was '"
                    + value + "'");
        }
    }

    /** How one external app behaves; {@code businessIds} null means any business ID exists. */
    private record AppFixture(Automation automation, String detail, Set<String> businessIds) {
        static final AppFixture WORKS_FOR_ANY = new AppFixture(Automation.WORKS, "", null);

        boolean knows(String businessId) {
            return businessIds == null || businessIds.contains(businessId);
        }
    }

    private record ServiceAccountFixture(boolean credentialsValid, boolean managedMfa) {
    }

    private record Fixtures(Map<ExternalApp, AppFixture> apps, Map<String, ServiceAccountFixture> serviceAccounts,
                            Map<String, Finding> syncFailures) {

        /** Everything a check of the hub finds, in the order a sync reports the first of them. */
        List<Finding> findings(HubRef hub) {
            ExternalApp app = hub.app();
            AppFixture fixture = apps.getOrDefault(app, AppFixture.WORKS_FOR_ANY);
            String label = app.label();
            // An automation that does not run sees nothing else, so it reports only itself.
            switch (fixture.automation()) {
                case FAILS -> {
                    return List.of(Finding.of(Cause.AUTOMATION_FAILURE,
                            orDefault(fixture.detail(), "The automation for " + label + " failed.")));
                }
                case KNOWN_ISSUE -> {
                    return List.of(Finding.of(Cause.KNOWN_ISSUE,
                            orDefault(fixture.detail(), "A known issue with " + label + " stops the automation.")));
                }
                case UNAVAILABLE -> {
                    return List.of(Finding.of(Cause.TRANSIENT,
                            orDefault(fixture.detail(), label + " is unavailable; try again later.")));
                }
                case WORKS -> {
                    // Checked below.
                }
            }
            List<Finding> findings = new ArrayList<>();
            String businessId = hub.businessId();
            if (businessId == null || businessId.isBlank()) {
                findings.add(Finding.of(Cause.CONFIGURATION, "No business ID is set for this " + label + " hub."));
            } else if (!fixture.knows(businessId)) {
                findings.add(Finding.of(Cause.CONFIGURATION,
                        "Business ID " + businessId + " was not found in " + label + "."));
            }
            String account = hub.serviceAccountRef();
            if (account == null || account.isBlank()) {
                findings.add(Finding.of(Cause.SERVICE_ACCOUNT_CREDENTIALS,
                        "No service account is set for this " + label + " hub."));
                return findings;
            }
            ServiceAccountFixture accountFixture = serviceAccounts.get(account);
            if (accountFixture != null && !accountFixture.credentialsValid()) {
                findings.add(Finding.of(Cause.SERVICE_ACCOUNT_CREDENTIALS, "Service account " + account
                        + " could not sign in to " + label + ": the credentials were rejected."));
            }
            if (accountFixture != null && !accountFixture.managedMfa()) {
                findings.add(Finding.of(Cause.SERVICE_ACCOUNT_MFA, "Vendor-managed MFA is not turned on for "
                        + "service account " + account + " in " + label + "."));
            }
            return findings;
        }

        static Fixtures parse(byte[] json) throws InvalidFixtures {
            JsonNode root;
            try {
                root = Json.parse(json);
            } catch (IOException e) {
                throw new InvalidFixtures("not valid JSON (" + firstLine(e.getMessage()) + ")");
            }
            if (root == null || root.isMissingNode()) {
                throw new InvalidFixtures("the file is empty");
            }
            requireObject(root, "the top level", "apps", "serviceAccounts", "syncFailures");

            Map<ExternalApp, AppFixture> apps = new EnumMap<>(ExternalApp.class);
            for (Map.Entry<String, JsonNode> entry : entries(root, "apps")) {
                String where = "apps." + entry.getKey();
                ExternalApp app = ExternalApp.byId(entry.getKey())
                        .orElseThrow(() -> new InvalidFixtures("unknown app id '" + entry.getKey() + "' in apps"));
                JsonNode node = entry.getValue();
                requireObject(node, where, "automation", "detail", "businessIds");
                Automation automation = node.has("automation")
                        ? Automation.parse(text(node, "automation", where), where + ".automation")
                        : Automation.WORKS;
                String detail = optionalText(node, "detail", where);
                apps.put(app, new AppFixture(automation, detail, businessIds(node, where)));
            }

            Map<String, ServiceAccountFixture> serviceAccounts = new HashMap<>();
            for (Map.Entry<String, JsonNode> entry : entries(root, "serviceAccounts")) {
                String where = "serviceAccounts." + entry.getKey();
                JsonNode node = entry.getValue();
                requireObject(node, where, "credentials", "managedMfa");
                boolean credentialsValid = true;
                if (node.has("credentials")) {
                    String credentials = text(node, "credentials", where);
                    if (!credentials.equals("valid") && !credentials.equals("invalid")) {
                        throw new InvalidFixtures(where + ".credentials must be valid or invalid, was '"
                                + credentials + "'");
                    }
                    credentialsValid = credentials.equals("valid");
                }
                boolean managedMfa = true;
                if (node.has("managedMfa")) {
                    if (!node.get("managedMfa").isBoolean()) {
                        throw new InvalidFixtures(where + ".managedMfa must be true or false");
                    }
                    managedMfa = node.get("managedMfa").booleanValue();
                }
                serviceAccounts.put(entry.getKey(), new ServiceAccountFixture(credentialsValid, managedMfa));
            }

            Map<String, Finding> syncFailures = new HashMap<>();
            for (Map.Entry<String, JsonNode> entry : entries(root, "syncFailures")) {
                String where = "syncFailures." + entry.getKey();
                JsonNode node = entry.getValue();
                requireObject(node, where, "cause", "detail");
                String causeName = text(node, "cause", where);
                Cause cause;
                try {
                    cause = Cause.valueOf(causeName);
                } catch (IllegalArgumentException e) {
                    throw new InvalidFixtures(where + ".cause must be one of " + List.of(Cause.values())
                            + ", was '" + causeName + "'");
                }
                syncFailures.put(entry.getKey(), Finding.of(cause, orDefault(optionalText(node, "detail", where),
                        "The sync failed.")));
            }
            return new Fixtures(Map.copyOf(apps), Map.copyOf(serviceAccounts), Map.copyOf(syncFailures));
        }

        private static Set<String> businessIds(JsonNode app, String where) throws InvalidFixtures {
            JsonNode ids = app.get("businessIds");
            if (ids == null) {
                return null;
            }
            if (!ids.isArray()) {
                throw new InvalidFixtures(where + ".businessIds must be an array of strings");
            }
            Set<String> known = new LinkedHashSet<>();
            for (JsonNode id : ids) {
                if (!id.isTextual()) {
                    throw new InvalidFixtures(where + ".businessIds must be an array of strings");
                }
                if (id.textValue().equals("*")) {
                    return null;
                }
                known.add(id.textValue());
            }
            return Set.copyOf(known);
        }

        private static List<Map.Entry<String, JsonNode>> entries(JsonNode root, String field) throws InvalidFixtures {
            JsonNode node = root.get(field);
            if (node == null) {
                return List.of();
            }
            if (!node.isObject()) {
                throw new InvalidFixtures(field + " must be an object");
            }
            return List.copyOf(node.properties());
        }

        /** Hand-edited files get typos; an unknown field is reported instead of ignored. */
        private static void requireObject(JsonNode node, String where, String... allowed) throws InvalidFixtures {
            if (!node.isObject()) {
                throw new InvalidFixtures(where + " must be an object");
            }
            Set<String> fields = Set.of(allowed);
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String name = property.getKey();
                if (!fields.contains(name)) {
                    throw new InvalidFixtures("unknown field '" + name + "' in " + where
                            + "; expected " + String.join(", ", allowed));
                }
            }
        }

        private static String text(JsonNode node, String field, String where) throws InvalidFixtures {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual()) {
                throw new InvalidFixtures(where + "." + field + " must be a string");
            }
            return value.textValue();
        }

        private static String optionalText(JsonNode node, String field, String where) throws InvalidFixtures {
            return node.has(field) ? text(node, field, where) : "";
        }

        private static String orDefault(String detail, String fallback) {
            return detail.isBlank() ? fallback : detail;
        }

        private static String firstLine(String message) {
            if (message == null) {
                return "unreadable";
            }
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }
    }
}
