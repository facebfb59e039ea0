package com.hubstatus.status;

import java.util.Arrays;
import java.util.Optional;

/** The external apps a business hub can belong to. */
public enum ExternalApp {
    META_BUSINESS_MANAGER("meta-business-manager", "Meta Business Manager"),
    GOOGLE_ADS("google-ads", "Google Ads"),
    TIKTOK_BUSINESS_CENTER("tiktok-business-center", "TikTok Business Center"),
    LINKEDIN_CAMPAIGN_MANAGER("linkedin-campaign-manager", "LinkedIn Campaign Manager");

    private final String id;
    private final String label;

    ExternalApp(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The stable identifier used in the API, events and keys. */
    public String id() { return id; }

    public String label() { return label; }

    public static Optional<ExternalApp> byId(String id) {
        return Arrays.stream(values()).filter(app -> app.id.equals(id)).findFirst();
    }

    public static ExternalApp require(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("unknown app " + id));
    }
}
