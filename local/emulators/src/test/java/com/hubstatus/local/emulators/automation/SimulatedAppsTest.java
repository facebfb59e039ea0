package com.hubstatus.local.emulators.automation;

import com.hubstatus.local.emulators.automation.SimulatedApps.App;
import com.hubstatus.local.emulators.automation.SimulatedApps.Check;
import com.hubstatus.local.emulators.automation.SimulatedApps.Finding;
import com.hubstatus.local.emulators.automation.SimulatedApps.Hub;
import com.hubstatus.local.emulators.automation.SimulatedApps.Sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class SimulatedAppsTest {

    private static final App META = App.META_BUSINESS_MANAGER;

    private static final String FIXTURES = """
            {
              "apps": {
                "meta-business-manager": {"automation": "works", "businessIds": ["1000000001", "1000000002"]},
                "tiktok-business-center": {"automation": "fails", "detail": "The login page changed."},
                "linkedin-campaign-manager": {"automation": "known-issue", "detail": "Reports are delayed."},
                "google-ads": {"automation": "unavailable", "businessIds": ["*"]}
              },
              "serviceAccounts": {
                "sa-wrong-password": {"credentials": "invalid"},
                "sa-no-mfa": {"managedMfa": false},
                "sa-hopeless": {"credentials": "invalid", "managedMfa": false}
              },
              "syncFailures": {"1000000002": {"cause": "TRANSIENT", "detail": "The export timed out."}}
            }
            """;

    @TempDir
    Path dir;

    private static Hub hub(App app, String businessId, String serviceAccountRef) {
        return new Hub(app, businessId, serviceAccountRef);
    }

    private static List<String> causes(Check result) {
        return result.findings().stream().map(Finding::cause).toList();
    }

    /** Inconclusive: only TRANSIENT findings. */
    private static boolean isTransient(Check result) {
        return !result.hasPassed() && result.findings().stream().allMatch(f -> f.cause().equals("TRANSIENT"));
    }

    private static SimulatedApps simulated() {
        return SimulatedApps.fromJson(FIXTURES);
    }

    private Path fixturesFile(String json) throws IOException {
        Path file = dir.resolve("simulated-apps.json");
        Files.writeString(file, json);
        return file;
    }

    /** Rewrites the file with a last-modified time unlike any before, whatever the clock's granularity. */
    private static void edit(Path file, String json, int edit) throws IOException {
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(edit)));
    }

    @Test
    void aHubWithAKnownBusinessIdAndAnUnlistedServiceAccountPasses() {
        // given
        SimulatedApps app = simulated();

        // when
        Check result = app.check(hub(META, "1000000001", "sa-main"));

        // then
        assertTrue(result.hasPassed(), () -> result.findings().toString());
    }

    @Test
    void aBusinessIdTheAppDoesNotKnowIsAConfigurationFindingNamingTheIdAndTheApp() {
        // given
        SimulatedApps app = simulated();

        // when
        Check result = app.check(hub(META, "1000000009", "sa-main"));

        // then
        assertEquals(List.of(new Finding("CONFIGURATION",
                "Business ID 1000000009 was not found in Meta Business Manager.")), result.findings());
    }

    @Test
    void aHubWithoutABusinessIdIsAConfigurationFinding() {
        // given
        SimulatedApps app = simulated();

        // when
        Check result = app.check(hub(META, null, "sa-main"));

        // then
        assertEquals("CONFIGURATION", result.findings().getFirst().cause());
        assertEquals(1, result.findings().size());
    }

    @Test
    void aStarInBusinessIdsAcceptsAnyBusinessId() {
        // given
        SimulatedApps app = SimulatedApps.fromJson("""
                {"apps": {"google-ads": {"automation": "works", "businessIds": ["*"]}}}""");

        // when
        Check result = app.check(hub(App.GOOGLE_ADS, "anything-at-all", "sa-main"));

        // then
        assertTrue(result.hasPassed());
    }

    @Test
    void anAppMissingFromTheFixturesWorksForAnyBusinessId() {
        // given
        SimulatedApps app = SimulatedApps.fromJson("{\"apps\": {}}");

        // when
        Check result = app.check(hub(App.GOOGLE_ADS, "2999999999", "sa-main"));

        // then
        assertTrue(result.hasPassed());
    }

    @Test
    void anEmptyFixturesObjectLetsEveryHubPassAndSync() {
        // given
        SimulatedApps app = SimulatedApps.fromJson("{}");
        Hub hub = hub(App.TIKTOK_BUSINESS_CENTER, "3000000001", "sa-main");

        // when
        Check check = app.check(hub);
        Sync sync = app.sync(hub, "run-1");

        // then
        assertTrue(check.hasPassed());
        assertTrue(sync.succeeded());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sa-wrong-password | SERVICE_ACCOUNT_CREDENTIALS | Service account sa-wrong-password could not sign in to Meta Business Manager: the credentials were rejected.
            sa-no-mfa         | SERVICE_ACCOUNT_MFA         | Vendor-managed MFA is not turned on for service account sa-no-mfa in Meta Business Manager.
            """)
    void aServiceAccountTheFixturesBreakIsAFindingInTheAppsWords(String serviceAccount, String cause, String detail) {
        // given
        SimulatedApps app = simulated();

        // when
        Check result = app.check(hub(META, "1000000001", serviceAccount));

        // then
        assertEquals(List.of(new Finding(cause, detail)), result.findings());
    }

    @Test
    void aCheckReportsEveryProblemItFindsAtOnce() {
        // given
        SimulatedApps app = simulated();

        // when
        Check result = app.check(hub(META, "1000000009", "sa-hopeless"));

        // then
        assertEquals(List.of("CONFIGURATION", "SERVICE_ACCOUNT_CREDENTIALS", "SERVICE_ACCOUNT_MFA"),
                causes(result));
    }

    @Test
    void aFailingAutomationReportsOnlyTheAutomationFailure() {
        // given
        SimulatedApps app = simulated();

        // when
        Check result = app.check(hub(App.TIKTOK_BUSINESS_CENTER, "unknown", "sa-hopeless"));

        // then
        assertEquals(List.of(new Finding("AUTOMATION_FAILURE", "The login page changed.")), result.findings());
    }

    @Test
    void aKnownIssueReportsOnlyTheKnownIssue() {
        // given
        SimulatedApps app = simulated();

        // when
        Check result = app.check(hub(App.LINKEDIN_CAMPAIGN_MANAGER, "unknown", "sa-hopeless"));

        // then
        assertEquals(List.of(new Finding("KNOWN_ISSUE", "Reports are delayed.")), result.findings());
    }

    @Test
    void anUnavailableAutomationReportsOnlyATransientFinding() {
        // given
        SimulatedApps app = simulated();

        // when
        Check result = app.check(hub(App.GOOGLE_ADS, "2000000001", "sa-hopeless"));

        // then
        assertEquals(1, result.findings().size());
        assertTrue(isTransient(result));
    }

    @Test
    void anAutomationFailureWithoutADetailGetsAPlainOneNamingTheApp() {
        // given
        SimulatedApps app = SimulatedApps.fromJson("""
                {"apps": {"tiktok-business-center": {"automation": "fails"}}}""");

        // when
        Check result = app.check(hub(App.TIKTOK_BUSINESS_CENTER, "1", "sa-main"));

        // then
        assertEquals(List.of(new Finding("AUTOMATION_FAILURE", "The automation for TikTok Business Center failed.")),
                result.findings());
    }

    @Test
    void aSyncOfAHubThatPassesItsCheckSucceeds() {
        // given
        SimulatedApps app = simulated();

        // when
        Sync result = app.sync(hub(META, "1000000001", "sa-main"), "run-1");

        // then
        assertTrue(result.succeeded());
    }

    @Test
    void aSyncFailsWithTheFirstProblemACheckWouldReport() {
        // given
        SimulatedApps app = simulated();

        // when
        Sync result = app.sync(hub(META, "1000000009", "sa-hopeless"), "run-1");

        // then
        assertEquals(new Finding("CONFIGURATION", "Business ID 1000000009 was not found in Meta Business Manager."),
                result.failure());
    }

    @Test
    void aSyncOfAnAppWhoseAutomationFailsFailsWithTheAutomationFailure() {
        // given
        SimulatedApps app = simulated();

        // when
        Sync result = app.sync(hub(App.TIKTOK_BUSINESS_CENTER, "1", "sa-main"), "run-1");

        // then
        assertEquals(new Finding("AUTOMATION_FAILURE", "The login page changed."), result.failure());
    }

    @Test
    void aSyncOfABusinessIdWithASyncFailureFailsWithIt() {
        // given
        SimulatedApps app = simulated();

        // when
        Sync result = app.sync(hub(META, "1000000002", "sa-main"), "run-1");
        Check check = app.check(hub(META, "1000000002", "sa-main"));

        // then
        assertEquals(new Finding("TRANSIENT", "The export timed out."), result.failure());
        assertTrue(check.hasPassed(), "a sync failure is not a check finding");
    }

    @Test
    void editingTheFixturesFileChangesTheAnswersOfARunningInstance() throws IOException {
        // given
        Path file = fixturesFile(FIXTURES);
        SimulatedApps app = new SimulatedApps(file);
        Hub hub = hub(META, "1000000003", "sa-main");
        assertEquals("CONFIGURATION", app.check(hub).findings().getFirst().cause());

        // when
        edit(file, FIXTURES.replace("\"1000000002\"]", "\"1000000002\", \"1000000003\"]"), 1);

        // then
        assertTrue(app.check(hub).hasPassed());
    }

    @Test
    void anEditThatKeepsTheSizeIsSeenByItsModifiedTime() throws IOException {
        // given
        Path file = fixturesFile(FIXTURES);
        SimulatedApps app = new SimulatedApps(file);
        Hub hub = hub(App.TIKTOK_BUSINESS_CENTER, "1", "sa-main");
        assertEquals("AUTOMATION_FAILURE", app.check(hub).findings().getFirst().cause());

        // when the automation is changed from "fails" to "works" padded to the same length
        String edited = FIXTURES.replace("\"automation\": \"fails\"", "\"automation\":\"works\" ");
        assertEquals(FIXTURES.length(), edited.length());
        edit(file, edited, 1);

        // then
        assertTrue(app.check(hub).hasPassed());
    }

    @Test
    void anInvalidEditMakesAnswersTransientUntilTheFileIsFixed() throws IOException {
        // given
        Path file = fixturesFile(FIXTURES);
        SimulatedApps app = new SimulatedApps(file);
        Hub hub = hub(META, "1000000001", "sa-main");

        // when
        edit(file, FIXTURES.replace("\"works\"", "\"wroks\""), 1);
        Check broken = app.check(hub);
        Sync brokenSync = app.sync(hub, "run-1");
        edit(file, FIXTURES, 2);
        Check fixed = app.check(hub);

        // then
        Finding finding = broken.findings().getFirst();
        assertEquals("TRANSIENT", finding.cause());
        assertTrue(finding.detail().contains("fixtures simulated-apps.json are invalid"), finding.detail());
        assertTrue(finding.detail().contains("apps.meta-business-manager.automation"), finding.detail());
        assertEquals("TRANSIENT", brokenSync.failure().cause());
        assertTrue(fixed.hasPassed());
    }

    @Test
    void aFixturesFileThatIsNotJsonAfterAGoodOneMakesAnswersTransient() throws IOException {
        // given
        Path file = fixturesFile(FIXTURES);
        SimulatedApps app = new SimulatedApps(file);

        // when
        edit(file, "{\"apps\": ", 1);
        Check result = app.check(hub(META, "1000000001", "sa-main"));

        // then
        assertTrue(isTransient(result));
        assertTrue(result.findings().getFirst().detail().contains("not valid JSON"), result.toString());
    }

    @Test
    void aDeletedFixturesFileMakesAnswersTransient() throws IOException {
        // given
        Path file = fixturesFile(FIXTURES);
        SimulatedApps app = new SimulatedApps(file);

        // when
        Files.delete(file);
        Check result = app.check(hub(META, "1000000001", "sa-main"));

        // then
        assertTrue(isTransient(result));
        assertTrue(result.findings().getFirst().detail().contains("cannot be read"), result.toString());
    }

    @Test
    void aMissingFixturesFileFailsConstructionNamingTheFile() {
        // given
        Path missing = dir.resolve("nowhere.json");

        // when
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimulatedApps(missing));

        // then
        assertTrue(e.getMessage().contains("cannot read simulated app fixtures " + missing), e.getMessage());
    }

    @Test
    void invalidFixturesFailConstructionNamingTheProblem() throws IOException {
        // given
        record Case(String json, String problem) {
        }
        List<Case> cases = List.of(
                new Case("[]", "the top level must be an object"),
                new Case("{\"apps\": {\"myspace\": {}}}", "unknown app id 'myspace'"),
                new Case("{\"apps\": {\"google-ads\": {\"automation\": \"sometimes\"}}}",
                        "apps.google-ads.automation must be one of works, fails, known-issue, unavailable"),
                new Case("{\"apps\": {\"google-ads\": {\"businessIds\": \"2000000001\"}}}",
                        "apps.google-ads.businessIds must be an array of strings"),
                new Case("{\"apps\": {\"google-ads\": {\"buisnessIds\": []}}}", "unknown field 'buisnessIds'"),
                new Case("{\"serviceAccounts\": {\"sa\": {\"credentials\": \"wrong\"}}}",
                        "serviceAccounts.sa.credentials must be valid or invalid"),
                new Case("{\"serviceAccounts\": {\"sa\": {\"managedMfa\": \"no\"}}}",
                        "serviceAccounts.sa.managedMfa must be true or false"),
                new Case("{\"syncFailures\": {\"1\": {\"cause\": \"BAD_LUCK\"}}}",
                        "syncFailures.1.cause must be one of"),
                new Case("{\"apps\": {}, \"apps\": {}}", "not valid JSON"),
                new Case("", "the file is empty"));

        for (Case c : cases) {
            Path file = fixturesFile(c.json());

            // when
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SimulatedApps(file), c.json());

            // then
            assertTrue(e.getMessage().contains(c.problem()), e.getMessage());
        }
    }

    @Test
    void concurrentChecksWhileTheFileIsReplacedSeeEitherVersionWhole() throws Exception {
        // given two versions that disagree about one business ID, swapped in atomically
        Path file = fixturesFile(FIXTURES);
        String known = FIXTURES.replace("\"1000000002\"]", "\"1000000002\", \"1000000003\"]");
        SimulatedApps app = new SimulatedApps(file);
        Hub hub = hub(META, "1000000003", "sa-main");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Check>>> checks = new ArrayList<>();

        // when
        try {
            for (int t = 0; t < 4; t++) {
                checks.add(pool.submit(() -> {
                    List<Check> seen = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        seen.add(app.check(hub));
                    }
                    return seen;
                }));
            }
            for (int edit = 1; edit <= 50; edit++) {
                Path next = dir.resolve("next.json");
                Files.writeString(next, edit % 2 == 0 ? FIXTURES : known);
                Files.setLastModifiedTime(next, FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(edit)));
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }

            // then
            for (Future<List<Check>> check : checks) {
                for (Check result : check.get()) {
                    assertTrue(result.hasPassed() || result.findings().equals(List.of(new Finding("CONFIGURATION",
                            "Business ID 1000000003 was not found in Meta Business Manager."))), result.toString());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theBundledFixturesPlayTheDocumentedApps() {
        // given
        SimulatedApps app = SimulatedApps.bundled();

        // then: Meta Business Manager knows 1000000001 to 1000000005
        for (int i = 1; i <= 5; i++) {
            String businessId = "100000000" + i;
            assertTrue(app.check(hub(META, businessId, "sa-main")).hasPassed(), businessId);
        }
        assertEquals("CONFIGURATION", app.check(hub(META, "1000000006", "sa-main")).findings().getFirst().cause());

        // and Google Ads knows 2000000001 to 2000000003
        for (int i = 1; i <= 3; i++) {
            String businessId = "200000000" + i;
            assertTrue(app.check(hub(App.GOOGLE_ADS, businessId, "sa-main")).hasPassed(), businessId);
        }
        assertEquals("CONFIGURATION",
                app.check(hub(App.GOOGLE_ADS, "2000000004", "sa-main")).findings().getFirst().cause());

        // and TikTok Business Center's automation fails
        assertEquals("AUTOMATION_FAILURE",
                app.check(hub(App.TIKTOK_BUSINESS_CENTER, "3000000001", "sa-main")).findings().getFirst()
                        .cause());

        // and LinkedIn Campaign Manager accepts any business ID
        assertTrue(app.check(hub(App.LINKEDIN_CAMPAIGN_MANAGER, "anything", "sa-main")).hasPassed());

        // and the two problem service accounts are reported
        assertEquals(List.of("SERVICE_ACCOUNT_CREDENTIALS"), causes(app.check(hub(META, "1000000001",
                "sa-wrong-password"))));
        assertEquals(List.of("SERVICE_ACCOUNT_MFA"), causes(app.check(hub(META, "1000000001", "sa-no-mfa"))));

        // and syncs of 1000000005 fail transiently while others succeed
        assertEquals("TRANSIENT", app.sync(hub(META, "1000000005", "sa-main"), "run-1").failure().cause());
        assertTrue(app.sync(hub(META, "1000000001", "sa-main"), "run-2").succeeded());
    }
}
