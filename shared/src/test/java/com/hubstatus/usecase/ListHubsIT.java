package com.hubstatus.usecase;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.StatusView;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.port.InvalidCursorException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.hubstatus.testing.TestSystem.STRANGER;
import static com.hubstatus.testing.TestSystem.owner;
import static com.hubstatus.testing.TestSystem.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every test lists one workspace: 7 hubs the owner sees, 1 they do not, and 1 hub in another workspace. */
@ExtendWith(TestSystemExtension.class)
class ListHubsIT {

    private static final String WORKSPACE = "ws-list";
    private static final Set<HubStatus> EVERY_STATUS = EnumSet.allOf(HubStatus.class);

    private static String hidden;

    @BeforeAll
    static void aWorkspaceOfGoogleAndMetaHubs(TestSystem system) {
        List<String> google = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            google.add(system.connect(WORKSPACE, ExternalApp.GOOGLE_ADS, "200000000" + i, "sa-marketing").hubId());
        }
        for (int i = 0; i < 3; i++) {
            system.connect(WORKSPACE, ExternalApp.META_BUSINESS_MANAGER, "100000000" + i, "sa-marketing");
        }
        system.completeValidation(WORKSPACE, ExternalApp.GOOGLE_ADS);
        system.syncSuccessfully(WORKSPACE, google.getFirst());
        hidden = system.connectHub().connect(user(STRANGER, WORKSPACE), new ConnectHub.Request(
                ExternalApp.GOOGLE_ADS, "Not yours", "2000000009", "sa-x", Set.of())).hub().hubId();
        system.connect("ws-list-other", ExternalApp.GOOGLE_ADS, "2000000001", "sa-marketing");
    }

    private static ListHubs.Listing list(TestSystem system, Set<HubStatus> statuses, Optional<ExternalApp> app,
                                         int limit, Optional<String> cursor) {
        return system.listHubs().list(owner(WORKSPACE), new ListHubs.Query(statuses, app, limit, cursor));
    }

    private static Set<String> hubIds(ListHubs.Listing listing) {
        Set<String> ids = new HashSet<>();
        listing.hubs().forEach(view -> ids.add(view.hub().hubId()));
        return ids;
    }

    @Test
    void theListHoldsTheHubsTheCallerSeesCountedPerStatus(TestSystem system) {
        // when
        ListHubs.Listing all = list(system, EVERY_STATUS, Optional.empty(), 50, Optional.empty());

        // then
        assertEquals(7, all.hubs().size());
        assertEquals(7, all.total());
        assertEquals(3, all.counts().get(HubStatus.UNDER_VALIDATION));
        assertEquals(3, all.counts().get(HubStatus.REQUIRES_SYNC));
        assertEquals(1, all.counts().get(HubStatus.HEALTHY));
        assertEquals(0, all.counts().get(HubStatus.UNDER_REVIEW));
        assertTrue(all.nextCursor().isEmpty());
        assertFalse(hubIds(all).contains(hidden), "a hub the caller neither owns nor manages is not listed");
        assertTrue(all.hubs().stream().allMatch(view -> view.hub().workspaceId().equals(WORKSPACE)));
    }

    @Test
    void theAppFilterNarrowsTheHubsAndTheCountsAndTheStatusFilterTheHubsOnly(TestSystem system) {
        // when
        ListHubs.Listing googleOnly = list(system, EVERY_STATUS, Optional.of(ExternalApp.GOOGLE_ADS), 50, Optional.empty());
        ListHubs.Listing syncedOrNot = list(system, EnumSet.of(HubStatus.REQUIRES_SYNC, HubStatus.HEALTHY),
                Optional.of(ExternalApp.GOOGLE_ADS), 50, Optional.empty());
        ListHubs.Listing underValidation = list(system, EnumSet.of(HubStatus.UNDER_VALIDATION), Optional.empty(), 50,
                Optional.empty());

        // then
        assertEquals(4, googleOnly.hubs().size());
        assertEquals(4, googleOnly.total());
        assertEquals(4, syncedOrNot.hubs().size());
        assertEquals(3, underValidation.hubs().size());
        assertEquals(7, underValidation.total(), "the counts cover every status");
        assertTrue(underValidation.hubs().stream().map(StatusView::status).allMatch(HubStatus.UNDER_VALIDATION::equals));
    }

    @Test
    void pagesGoThroughEveryHubOnceMostUrgentStatusFirst(TestSystem system) {
        // when
        ListHubs.Listing first = list(system, EVERY_STATUS, Optional.empty(), 3, Optional.empty());
        ListHubs.Listing second = list(system, EVERY_STATUS, Optional.empty(), 3, first.nextCursor());
        ListHubs.Listing third = list(system, EVERY_STATUS, Optional.empty(), 3, second.nextCursor());

        // then
        assertEquals(List.of(3, 3, 1), List.of(first.hubs().size(), second.hubs().size(), third.hubs().size()));
        assertTrue(third.nextCursor().isEmpty());
        List<String> paged = new ArrayList<>();
        for (ListHubs.Listing page : List.of(first, second, third)) {
            page.hubs().forEach(view -> paged.add(view.hub().hubId()));
        }
        assertEquals(7, new HashSet<>(paged).size(), "no hub twice");
        assertEquals(hubIds(list(system, EVERY_STATUS, Optional.empty(), 50, Optional.empty())), new HashSet<>(paged));
        List<HubStatus> statuses = new ArrayList<>();
        for (ListHubs.Listing page : List.of(first, second, third)) {
            page.hubs().forEach(view -> statuses.add(view.status()));
        }
        assertEquals(statuses.stream().sorted().toList(), statuses, "by status, in precedence order");
    }

    @Test
    void aCursorItDidNotIssueIsRefused(TestSystem system) {
        assertThrows(InvalidCursorException.class,
                () -> list(system, EVERY_STATUS, Optional.empty(), 3, Optional.of("bm90LWEtY3Vyc29y")));
    }
}
