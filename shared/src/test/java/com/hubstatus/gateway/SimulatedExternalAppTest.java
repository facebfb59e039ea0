package com.hubstatus.gateway;

import com.hubstatus.usecase.port.HubRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Finding;
import com.hubstatus.status.SyncResult;
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

class SimulatedExternalAppTest {

    private static final ExternalApp META = ExternalApp.META_BUSINESS_MANAGER;

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

    private static HubRef hub(ExternalApp app, String businessId, String serviceAccountRef) {
        return new HubRef("ws-1", "hub-1", app, businessId, serviceAccountRef);
    }

    private static List<Cause> causes(CheckResult result) {
        return result.findings().stream().map(Finding::cause).toList();
    }

    private static SimulatedExternalApp simulated() {
        return SimulatedExternalApp.fromJson(FIXTURES);
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
        SimulatedExternalApp app = simulated();

        // when
        CheckResult result = app.check(hub(META, "1000000001", "sa-main"));

        // then
        assertTrue(result.hasPassed(), () -> result.findings().toString());
    }

    @Test
    void aBusinessIdTheAppDoesNotKnowIsAConfigurationFindingNamingTheIdAndTheApp() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        CheckResult result = app.check(hub(META, "1000000009", "sa-main"));

        // then
        assertEquals(List.of(Finding.of(Cause.CONFIGURATION,
                "Business ID 1000000009 was not found in Meta Business Manager.")), result.findings());
    }

    @Test
    void aHubWithoutABusinessIdIsAConfigurationFinding() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        CheckResult result = app.check(hub(META, null, "sa-main"));

        // then
        assertEquals(Cause.CONFIGURATION, result.findings().getFirst().cause());
        assertEquals(1, result.findings().size());
    }

    @Test
    void aStarInBusinessIdsAcceptsAnyBusinessId() {
        // given
        SimulatedExternalApp app = SimulatedExternalApp.fromJson("""
                {"apps": {"google-ads": {"automation": "works", "businessIds": ["*"]}}}""");

        // when
        CheckResult result = app.check(hub(ExternalApp.GOOGLE_ADS, "anything-at-all", "sa-main"));

        // then
        assertTrue(result.hasPassed());
    }

    @Test
    void anAppMissingFromTheFixturesWorksForAnyBusinessId() {
        // given
        SimulatedExternalApp app = SimulatedExternalApp.fromJson("{\"apps\": {}}");

        // when
        CheckResult result = app.check(hub(ExternalApp.GOOGLE_ADS, "2999999999", "sa-main"));

        // then
        assertTrue(result.hasPassed());
    }

    @Test
    void anEmptyFixturesObjectLetsEveryHubPassAndSync() {
        // given
        SimulatedExternalApp app = SimulatedExternalApp.fromJson("{}");
        HubRef hub = hub(ExternalApp.TIKTOK_BUSINESS_CENTER, "3000000001", "sa-main");

        // when
        CheckResult check = app.check(hub);
        SyncResult sync = app.sync(hub, "run-1");

        // then
        assertTrue(check.hasPassed());
        assertTrue(sync.hasSucceeded());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sa-wrong-password | SERVICE_ACCOUNT_CREDENTIALS | Service account sa-wrong-password could not sign in to Meta Business Manager: the credentials were rejected.
            sa-no-mfa         | SERVICE_ACCOUNT_MFA         | Vendor-managed MFA is not turned on for service account sa-no-mfa in Meta Business Manager.
            """)
    void aServiceAccountTheFixturesBreakIsAFindingInTheAppsWords(String serviceAccount, Cause cause, String detail) {
        // given
        SimulatedExternalApp app = simulated();

        // when
        CheckResult result = app.check(hub(META, "1000000001", serviceAccount));

        // then
        assertEquals(List.of(Finding.of(cause, detail)), result.findings());
    }

    @Test
    void aCheckReportsEveryProblemItFindsAtOnce() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        CheckResult result = app.check(hub(META, "1000000009", "sa-hopeless"));

        // then
        assertEquals(List.of(Cause.CONFIGURATION, Cause.SERVICE_ACCOUNT_CREDENTIALS, Cause.SERVICE_ACCOUNT_MFA),
                causes(result));
    }

    @Test
    void aFailingAutomationReportsOnlyTheAutomationFailure() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        CheckResult result = app.check(hub(ExternalApp.TIKTOK_BUSINESS_CENTER, "unknown", "sa-hopeless"));

        // then
        assertEquals(List.of(Finding.of(Cause.AUTOMATION_FAILURE, "The login page changed.")), result.findings());
    }

    @Test
    void aKnownIssueReportsOnlyTheKnownIssue() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        CheckResult result = app.check(hub(ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "unknown", "sa-hopeless"));

        // then
        assertEquals(List.of(Finding.of(Cause.KNOWN_ISSUE, "Reports are delayed.")), result.findings());
    }

    @Test
    void anUnavailableAutomationReportsOnlyATransientFinding() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        CheckResult result = app.check(hub(ExternalApp.GOOGLE_ADS, "2000000001", "sa-hopeless"));

        // then
        assertEquals(1, result.findings().size());
        assertTrue(result.isTransient());
    }

    @Test
    void anAutomationFailureWithoutADetailGetsAPlainOneNamingTheApp() {
        // given
        SimulatedExternalApp app = SimulatedExternalApp.fromJson("""
                {"apps": {"tiktok-business-center": {"automation": "fails"}}}""");

        // when
        CheckResult result = app.check(hub(ExternalApp.TIKTOK_BUSINESS_CENTER, "1", "sa-main"));

        // then
        assertEquals(List.of(Finding.of(Cause.AUTOMATION_FAILURE, "The automation for TikTok Business Center failed.")),
                result.findings());
    }

    @Test
    void aSyncOfAHubThatPassesItsCheckSucceeds() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        SyncResult result = app.sync(hub(META, "1000000001", "sa-main"), "run-1");

        // then
        assertTrue(result.hasSucceeded());
    }

    @Test
    void aSyncFailsWithTheFirstProblemACheckWouldReport() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        SyncResult result = app.sync(hub(META, "1000000009", "sa-hopeless"), "run-1");

        // then
        assertEquals(Finding.of(Cause.CONFIGURATION, "Business ID 1000000009 was not found in Meta Business Manager."),
                result.failure());
    }

    @Test
    void aSyncOfAnAppWhoseAutomationFailsFailsWithTheAutomationFailure() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        SyncResult result = app.sync(hub(ExternalApp.TIKTOK_BUSINESS_CENTER, "1", "sa-main"), "run-1");

        // then
        assertEquals(Finding.of(Cause.AUTOMATION_FAILURE, "The login page changed."), result.failure());
    }

    @Test
    void aSyncOfABusinessIdWithASyncFailureFailsWithIt() {
        // given
        SimulatedExternalApp app = simulated();

        // when
        SyncResult result = app.sync(hub(META, "1000000002", "sa-main"), "run-1");
        CheckResult check = app.check(hub(META, "1000000002", "sa-main"));

        // then
        assertEquals(Finding.of(Cause.TRANSIENT, "The export timed out."), result.failure());
        assertTrue(check.hasPassed(), "a sync failure is not a check finding");
    }

    @Test
    void editingTheFixturesFileChangesTheAnswersOfARunningInstance() throws IOException {
        // given
        Path file = fixturesFile(FIXTURES);
        SimulatedExternalApp app = new SimulatedExternalApp(file);
        HubRef hub = hub(META, "1000000003", "sa-main");
        assertEquals(Cause.CONFIGURATION, app.check(hub).findings().getFirst().cause());

        // when
        edit(file, FIXTURES.replace("\"1000000002\"]", "\"1000000002\", \"1000000003\"]"), 1);

        // then
        assertTrue(app.check(hub).hasPassed());
    }

    @Test
    void anEditThatKeepsTheSizeIsSeenByItsModifiedTime() throws IOException {
        // given
        Path file = fixturesFile(FIXTURES);
        SimulatedExternalApp app = new SimulatedExternalApp(file);
        HubRef hub = hub(ExternalApp.TIKTOK_BUSINESS_CENTER, "1", "sa-main");
        assertEquals(Cause.AUTOMATION_FAILURE, app.check(hub).findings().getFirst().cause());

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
        SimulatedExternalApp app = new SimulatedExternalApp(file);
        HubRef hub = hub(META, "1000000001", "sa-main");

        // when
        edit(file, FIXTURES.replace("\"works\"", "\"wroks\""), 1);
        CheckResult broken = app.check(hub);
        SyncResult brokenSync = app.sync(hub, "run-1");
        edit(file, FIXTURES, 2);
        CheckResult fixed = app.check(hub);

        // then
        Finding finding = broken.findings().getFirst();
        assertEquals(Cause.TRANSIENT, finding.cause());
        assertTrue(finding.detail().contains("fixtures simulated-apps.json are invalid"), finding.detail());
        assertTrue(finding.detail().contains("apps.meta-business-manager.automation"), finding.detail());
        assertEquals(Cause.TRANSIENT, brokenSync.failure().cause());
        assertTrue(fixed.hasPassed());
    }

    @Test
    void aFixturesFileThatIsNotJsonAfterAGoodOneMakesAnswersTransient() throws IOException {
        // given
        Path file = fixturesFile(FIXTURES);
        SimulatedExternalApp app = new SimulatedExternalApp(file);

        // when
        edit(file, "{\"apps\": ", 1);
        CheckResult result = app.check(hub(META, "1000000001", "sa-main"));

        // then
        assertTrue(result.isTransient());
        assertTrue(result.findings().getFirst().detail().contains("not valid JSON"), result.toString());
    }

    @Test
    void aDeletedFixturesFileMakesAnswersTransient() throws IOException {
        // given
        Path file = fixturesFile(FIXTURES);
        SimulatedExternalApp app = new SimulatedExternalApp(file);

        // when
        Files.delete(file);
        CheckResult result = app.check(hub(META, "1000000001", "sa-main"));

        // then
        assertTrue(result.isTransient());
        assertTrue(result.findings().getFirst().detail().contains("cannot be read"), result.toString());
    }

    @Test
    void aMissingFixturesFileFailsConstructionNamingTheFile() {
        // given
        Path missing = dir.resolve("nowhere.json");

        // when
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimulatedExternalApp(missing));

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
                    () -> new SimulatedExternalApp(file), c.json());

            // then
            assertTrue(e.getMessage().contains(c.problem()), e.getMessage());
        }
    }

    @Test
    void concurrentChecksWhileTheFileIsReplacedSeeEitherVersionWhole() throws Exception {
        // given two versions that disagree about one business ID, swapped in atomically
        Path file = fixturesFile(FIXTURES);
        String known = FIXTURES.replace("\"1000000002\"]", "\"1000000002\", \"1000000003\"]");
        SimulatedExternalApp app = new SimulatedExternalApp(file);
        HubRef hub = hub(META, "1000000003", "sa-main");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<CheckResult>>> checks = new ArrayList<>();

        // when
        try {
            for (int t = 0; t < 4; t++) {
                checks.add(pool.submit(() -> {
                    List<CheckResult> seen = new ArrayList<>();
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
            for (Future<List<CheckResult>> check : checks) {
                for (CheckResult result : check.get()) {
                    assertTrue(result.hasPassed() || result.findings().equals(List.of(Finding.of(Cause.CONFIGURATION,
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
        SimulatedExternalApp app = SimulatedExternalApp.bundled();

        // then: Meta Business Manager knows 1000000001 to 1000000005
        for (int i = 1; i <= 5; i++) {
            String businessId = "100000000" + i;
            assertTrue(app.check(hub(META, businessId, "sa-main")).hasPassed(), businessId);
        }
        assertEquals(Cause.CONFIGURATION, app.check(hub(META, "1000000006", "sa-main")).findings().getFirst().cause());

        // and Google Ads knows 2000000001 to 2000000003
        for (int i = 1; i <= 3; i++) {
            String businessId = "200000000" + i;
            assertTrue(app.check(hub(ExternalApp.GOOGLE_ADS, businessId, "sa-main")).hasPassed(), businessId);
        }
        assertEquals(Cause.CONFIGURATION,
                app.check(hub(ExternalApp.GOOGLE_ADS, "2000000004", "sa-main")).findings().getFirst().cause());

        // and TikTok Business Center's automation fails
        assertEquals(Cause.AUTOMATION_FAILURE,
                app.check(hub(ExternalApp.TIKTOK_BUSINESS_CENTER, "3000000001", "sa-main")).findings().getFirst()
                        .cause());

        // and LinkedIn Campaign Manager accepts any business ID
        assertTrue(app.check(hub(ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "anything", "sa-main")).hasPassed());

        // and the two problem service accounts are reported
        assertEquals(List.of(Cause.SERVICE_ACCOUNT_CREDENTIALS), causes(app.check(hub(META, "1000000001",
                "sa-wrong-password"))));
        assertEquals(List.of(Cause.SERVICE_ACCOUNT_MFA), causes(app.check(hub(META, "1000000001", "sa-no-mfa"))));

        // and syncs of 1000000005 fail transiently while others succeed
        assertEquals(Cause.TRANSIENT, app.sync(hub(META, "1000000005", "sa-main"), "run-1").failure().cause());
        assertTrue(app.sync(hub(META, "1000000001", "sa-main"), "run-2").hasSucceeded());
    }
}
