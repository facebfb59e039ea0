package com.hubstatus.web;

/**
 * The README quickstart's workspace, one hub in each of the six statuses, owned by alice: what the
 * screenshot shows and the accessibility check reads.
 */
final class DemoData {

    private DemoData() {
    }

    static void seed(PageUnderTest page) {
        StackApi api = page.api();
        String eu = api.connect("alice", "meta-business-manager", "Marketing EU", "1000000001", "sa-marketing", "bob");
        api.connect("alice", "meta-business-manager", "Marketing US", "1000000002", "sa-marketing", "bob");
        api.connect("alice", "meta-business-manager", "Marketing APAC", "1000000099", "sa-marketing", "bob");
        api.connect("alice", "meta-business-manager", "Marketing LATAM", "1000000004", "sa-no-mfa");
        api.connect("alice", "tiktok-business-center", "TikTok Ads", "7000000001", "sa-marketing");
        String search = api.connect("alice", "google-ads", "Search EU", "2000000001", "sa-marketing", "bob");
        page.settle();
        api.sync("alice", eu);
        api.sync("alice", search);
        page.settle();
        // The first LinkedIn hub, its validation held back: Under validation until the stack resumes.
        page.stack().pause();
        api.connect("alice", "linkedin-campaign-manager", "Brand LinkedIn", "li-brand", "sa-marketing");
    }
}
