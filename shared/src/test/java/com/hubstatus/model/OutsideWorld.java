package com.hubstatus.model;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The external apps as the model test scripts them: what each app's automation does, which
 * business IDs each app knows, which are unreachable for now, and what is wrong with each service
 * account. It is the test's input, seen alike by the system (through {@link ScriptedApp}) and by
 * the reference model; the test changes it between steps, as the world outside would.
 */
final class OutsideWorld {

    /** What an app's automation does. */
    enum Automation { WORKS, FAILS, KNOWN_ISSUE, UNAVAILABLE }

    /** What can be wrong with a service account. */
    enum AccountProblem { CREDENTIALS, MFA }

    /** What a check or a sync can find, one cause each (the system's own causes are mapped at the edge). */
    enum Finding { CONFIGURATION, CREDENTIALS, MFA, AUTOMATION_FAILURE, KNOWN_ISSUE, TRANSIENT }

    static final List<String> APPS = List.of("meta-business-manager", "google-ads", "tiktok-business-center");
    static final List<String> BUSINESS_IDS = List.of("1001", "1002", "1003", "1004");
    static final List<String> SERVICE_ACCOUNTS = List.of("sa-ok", "sa-wrong-password", "sa-no-mfa");

    private final Map<String, Automation> automation = new HashMap<>();
    /** "app/businessId" pairs the app does not know. */
    private final Set<String> unknownBusinessIds = new HashSet<>();
    /** Business IDs whose app account cannot be reached for now (every check and sync is inconclusive). */
    private final Set<String> unreachable = new HashSet<>();
    private final Map<String, EnumSet<AccountProblem>> accounts = new HashMap<>();

    OutsideWorld() {
        APPS.forEach(app -> automation.put(app, Automation.WORKS));
        APPS.forEach(app -> unknownBusinessIds.add(app + "/1003"));
        accounts.put("sa-ok", EnumSet.noneOf(AccountProblem.class));
        accounts.put("sa-wrong-password", EnumSet.of(AccountProblem.CREDENTIALS));
        accounts.put("sa-no-mfa", EnumSet.of(AccountProblem.MFA));
    }

    // ---- what the test changes ------------------------------------------------------------------

    void setAutomation(String app, Automation value) {
        automation.put(app, value);
    }

    void setKnown(String app, String businessId, boolean known) {
        if (known) {
            unknownBusinessIds.remove(app + "/" + businessId);
        } else {
            unknownBusinessIds.add(app + "/" + businessId);
        }
    }

    void setReachable(String businessId, boolean reachable) {
        if (reachable) {
            unreachable.remove(businessId);
        } else {
            unreachable.add(businessId);
        }
    }

    void setAccountProblems(String serviceAccount, Set<AccountProblem> problems) {
        accounts.put(serviceAccount, problems.isEmpty() ? EnumSet.noneOf(AccountProblem.class) : EnumSet.copyOf(problems));
    }

    Automation automation(String app) {
        return automation.get(app);
    }

    boolean isKnown(String app, String businessId) {
        return !unknownBusinessIds.contains(app + "/" + businessId);
    }

    boolean isReachable(String businessId) {
        return !unreachable.contains(businessId);
    }

    Set<AccountProblem> accountProblems(String serviceAccount) {
        return accounts.getOrDefault(serviceAccount, EnumSet.noneOf(AccountProblem.class));
    }

    // ---- what the apps answer -------------------------------------------------------------------

    /**
     * What a check of a hub finds now: nothing (it passes), one inconclusive finding, the
     * automation's failure alone (it could not look further), or every configuration and service
     * account problem.
     */
    List<Finding> check(String app, String businessId, String serviceAccount) {
        switch (automation(app)) {
            case UNAVAILABLE:
                return List.of(Finding.TRANSIENT);
            case FAILS:
                return List.of(Finding.AUTOMATION_FAILURE);
            case KNOWN_ISSUE:
                return List.of(Finding.KNOWN_ISSUE);
            default:
                break;
        }
        if (!isReachable(businessId)) {
            return List.of(Finding.TRANSIENT);
        }
        List<Finding> findings = new java.util.ArrayList<>();
        if (!isKnown(app, businessId)) {
            findings.add(Finding.CONFIGURATION);
        }
        Set<AccountProblem> problems = accountProblems(serviceAccount);
        if (problems.contains(AccountProblem.CREDENTIALS)) {
            findings.add(Finding.CREDENTIALS);
        }
        if (problems.contains(AccountProblem.MFA)) {
            findings.add(Finding.MFA);
        }
        return List.copyOf(findings);
    }

    /** How a sync of a hub ends now: null for success, or the one cause it names. */
    Finding sync(String app, String businessId, String serviceAccount) {
        List<Finding> found = check(app, businessId, serviceAccount);
        return found.isEmpty() ? null : found.getFirst();
    }

    @Override
    public String toString() {
        return "automation=" + automation + " unknown=" + unknownBusinessIds + " unreachable=" + unreachable
                + " accounts=" + accounts;
    }
}
