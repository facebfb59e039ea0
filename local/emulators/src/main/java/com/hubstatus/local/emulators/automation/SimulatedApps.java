package com.hubstatus.local.emulators.automation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * External apps played from a JSON fixtures file: the answers {@link AutomationServiceEmulator}
 * gives, for tests and the local stack. The format and rules are in {@code docs/simulated-app.md}.
 * It speaks the automation service's contract ({@code docs/automation-service.md}) in its own
 * terms, app ids and cause names, and shares no code with the functions.
 *
 * <p>A file-backed instance looks at the file's last-modified time and size on every call and
 * reads it again when either changed, so editing the file changes a running process's answers.
 * A file that turns unreadable or invalid makes every answer transient until it is fixed.
 */
public final class SimulatedApps {

    /** The classpath resource with the fixtures of {@link #bundled()}. */
    public static final String BUNDLED_RESOURCE = "/com/hubstatus/local/emulators/automation/simulated-apps.json";

    /** The causes of the contract, by name. */
    public static final List<String> CAUSES = List.of("CONFIGURATION", "SERVICE_ACCOUNT_CREDENTIALS",
            "SERVICE_ACCOUNT_MFA", "AUTOMATION_FAILURE", "KNOWN_ISSUE", "TRANSIENT");

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    /** An external app of the contract: its stable id and the name details use. */
    public record App(String id, String label) {

        public static final App META_BUSINESS_MANAGER = new App("meta-business-manager", "Meta Business Manager");
        public static final App GOOGLE_ADS = new App("google-ads", "Google Ads");
        public static final App TIKTOK_BUSINESS_CENTER = new App("tiktok-business-center", "TikTok Business Center");
        public static final App LINKEDIN_CAMPAIGN_MANAGER = new App("linkedin-campaign-manager", "LinkedIn Campaign Manager");
        /** Every app of the contract, in its order. */
        public static final List<App> ALL =
                List.of(META_BUSINESS_MANAGER, GOOGLE_ADS, TIKTOK_BUSINESS_CENTER, LINKEDIN_CAMPAIGN_MANAGER);

        public static Optional<App> byId(String id) {
            return ALL.stream().filter(app -> app.id.equals(id)).findFirst();
        }
    }

    /** The hub a check or sync is about, as the request names it. */
    public record Hub(App app, String businessId, String serviceAccountRef) {
        public Hub {
            Objects.requireNonNull(app, "app");
        }
    }

    /** One problem: a cause name of {@link #CAUSES} and a plain detail. */
    public record Finding(String cause, String detail) {
        public Finding {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** A check's answer: every problem found, none when it passed. */
    public record Check(List<Finding> findings) {
        public Check {
            findings = List.copyOf(findings);
        }

        public boolean hasPassed() {
            return findings.isEmpty();
        }
    }

    /** A sync's answer: its failure, or null when it succeeded. */
    public record Sync(Finding failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    private final Path path;
    private Snapshot snapshot;
    private Stamp stamp;

    /**
     * Plays the fixtures in {@code path}, following later edits of the file.
     *
     * @throws IllegalArgumentException naming the problem when the file cannot be read or is not valid fixtures
     */
    public SimulatedApps(Path path) {
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

    private SimulatedApps(Fixtures fixtures) {
        this.path = null;
        this.snapshot = new Snapshot(fixtures, null);
    }

    /** Plays the fixtures bundled as {@link #BUNDLED_RESOURCE}. */
    public static SimulatedApps bundled() {
        try (InputStream in = SimulatedApps.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the bundled simulated app fixtures " + BUNDLED_RESOURCE + " are missing");
            }
            return new SimulatedApps(Fixtures.parse(in.readAllBytes()));
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
    public static SimulatedApps fromJson(String json) {
        try {
            return new SimulatedApps(Fixtures.parse(json.getBytes(StandardCharsets.UTF_8)));
        } catch (InvalidFixtures e) {
            throw new IllegalArgumentException("simulated app fixtures are invalid: " + e.getMessage(), e);
        }
    }

    /** Checks {@code hub}: every problem the fixtures give it, in order. */
    public Check check(Hub hub) {
        Objects.requireNonNull(hub, "hub");
        Snapshot current = current();
        if (current.invalidReason() != null) {
            return new Check(List.of(new Finding("TRANSIENT", current.invalidReason())));
        }
        return new Check(current.fixtures().findings(hub));
    }

    /** Syncs {@code hub}: the first problem a check would find, else its business ID's sync failure, if any. */
    public Sync sync(Hub hub, String runId) {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(runId, "runId");
        Snapshot current = current();
        if (current.invalidReason() != null) {
            return new Sync(new Finding("TRANSIENT", current.invalidReason()));
        }
        List<Finding> findings = current.fixtures().findings(hub);
        if (!findings.isEmpty()) {
            return new Sync(findings.getFirst());
        }
        // A check always finds a missing business ID, so it is set here.
        return new Sync(current.fixtures().syncFailures().get(hub.businessId()));
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

    private record Fixtures(Map<App, AppFixture> apps, Map<String, ServiceAccountFixture> serviceAccounts,
                            Map<String, Finding> syncFailures) {

        /** Everything a check of the hub finds, in the order a sync reports the first of them. */
        List<Finding> findings(Hub hub) {
            App app = hub.app();
            AppFixture fixture = apps.getOrDefault(app, AppFixture.WORKS_FOR_ANY);
            String label = app.label();
            // An automation that does not run sees nothing else, so it reports only itself.
            switch (fixture.automation()) {
                case FAILS -> {
                    return List.of(new Finding("AUTOMATION_FAILURE",
                            orDefault(fixture.detail(), "The automation for " + label + " failed.")));
                }
                case KNOWN_ISSUE -> {
                    return List.of(new Finding("KNOWN_ISSUE",
                            orDefault(fixture.detail(), "A known issue with " + label + " stops the automation.")));
                }
                case UNAVAILABLE -> {
                    return List.of(new Finding("TRANSIENT",
                            orDefault(fixture.detail(), label + " is unavailable; try again later.")));
                }
                case WORKS -> {
                    // Checked below.
                }
            }
            List<Finding> findings = new ArrayList<>();
            String businessId = hub.businessId();
            if (businessId == null || businessId.isBlank()) {
                findings.add(new Finding("CONFIGURATION", "No business ID is set for this " + label + " hub."));
            } else if (!fixture.knows(businessId)) {
                findings.add(new Finding("CONFIGURATION",
                        "Business ID " + businessId + " was not found in " + label + "."));
            }
            String account = hub.serviceAccountRef();
            if (account == null || account.isBlank()) {
                findings.add(new Finding("SERVICE_ACCOUNT_CREDENTIALS",
                        "No service account is set for this " + label + " hub."));
                return findings;
            }
            ServiceAccountFixture accountFixture = serviceAccounts.get(account);
            if (accountFixture != null && !accountFixture.credentialsValid()) {
                findings.add(new Finding("SERVICE_ACCOUNT_CREDENTIALS", "Service account " + account
                        + " could not sign in to " + label + ": the credentials were rejected."));
            }
            if (accountFixture != null && !accountFixture.managedMfa()) {
                findings.add(new Finding("SERVICE_ACCOUNT_MFA", "Vendor-managed MFA is not turned on for "
                        + "service account " + account + " in " + label + "."));
            }
            return findings;
        }

        static Fixtures parse(byte[] json) throws InvalidFixtures {
            JsonNode root;
            try {
                root = JSON.readTree(json);
            } catch (IOException e) {
                throw new InvalidFixtures("not valid JSON (" + firstLine(e.getMessage()) + ")");
            }
            if (root == null || root.isMissingNode()) {
                throw new InvalidFixtures("the file is empty");
            }
            requireObject(root, "the top level", "apps", "serviceAccounts", "syncFailures");

            Map<App, AppFixture> apps = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : entries(root, "apps")) {
                String where = "apps." + entry.getKey();
                App app = App.byId(entry.getKey())
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
                if (!CAUSES.contains(causeName)) {
                    throw new InvalidFixtures(where + ".cause must be one of " + CAUSES + ", was '" + causeName + "'");
                }
                syncFailures.put(entry.getKey(), new Finding(causeName, orDefault(optionalText(node, "detail", where),
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
