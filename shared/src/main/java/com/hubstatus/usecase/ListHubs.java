package com.hubstatus.usecase;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.StatusEvaluator;
import com.hubstatus.status.StatusView;
import com.hubstatus.usecase.port.HubRepository;
import com.hubstatus.usecase.port.InvalidCursorException;
import com.hubstatus.usecase.port.WorkspacePage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An owner or manager lists the hubs they see in their workspace, with their status computed at
 * the moment of the read, counts per status, a status and an app filter, and pages.
 */
public record ListHubs(HubRepository hubs, StatusEvaluator evaluator, Clock clock) {

    /** Hubs read per store Query while listing a workspace. */
    static final int STORE_PAGE = 1000;
    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * @param statuses the statuses to list (every one, for no filter)
     * @param app      only hubs of this app, when present
     * @param limit    the most hubs on the page
     * @param cursor   where the previous page ended
     */
    public record Query(Set<HubStatus> statuses, Optional<ExternalApp> app, int limit, Optional<String> cursor) {
        public Query {
            statuses = Set.copyOf(statuses);
        }
    }

    /**
     * @param hubs       the page's hubs, in hub id order
     * @param counts     every status with the number of hubs in it (of the app asked for)
     * @param total      the number of hubs counted
     * @param nextCursor where the next page starts, or empty on the last page
     */
    public record Listing(List<StatusView> hubs, Map<HubStatus, Integer> counts, int total,
                          Optional<String> nextCursor) {
        public Listing {
            hubs = List.copyOf(hubs);
            counts = Map.copyOf(counts);
        }
    }

    /**
     * Counts per status cover every hub the caller sees (of the app asked for), so the whole
     * workspace partition is read and evaluated; the status filter and the page apply after
     * counting.
     */
    public Listing list(Caller caller, Query query) {
        String listing = listingOf(caller, query);
        Optional<String> after = query.cursor().map(cursor -> decodeCursor(cursor, listing));
        Instant now = clock.instant();
        Map<HubStatus, Integer> counts = new EnumMap<>(HubStatus.class);
        for (HubStatus status : HubStatus.values()) {
            counts.put(status, 0);
        }
        List<StatusView> matching = new ArrayList<>();
        Optional<String> storeCursor = Optional.empty();
        do {
            WorkspacePage page = hubs.listWorkspace(caller.workspaceId(), storeCursor, STORE_PAGE);
            for (Hub hub : page.hubs()) {
                if (!hub.isVisibleTo(caller.userId()) || query.app().filter(app -> hub.app() != app).isPresent()) {
                    continue;
                }
                StatusView view = evaluator.evaluate(hub, page.cohorts().get(hub.app()), now);
                counts.merge(view.status(), 1, Integer::sum);
                if (query.statuses().contains(view.status())
                        && after.filter(last -> hub.hubId().compareTo(last) <= 0).isEmpty()) {
                    matching.add(view);
                }
            }
            storeCursor = Optional.ofNullable(page.nextCursor());
        } while (storeCursor.isPresent());
        int limit = query.limit();
        Optional<String> next = matching.size() > limit
                ? Optional.of(encodeCursor(listing, matching.get(limit - 1).hub().hubId()))
                : Optional.empty();
        return new Listing(matching.stream().limit(limit).toList(), counts,
                counts.values().stream().mapToInt(Integer::intValue).sum(), next);
    }

    /**
     * What a cursor is bound to: the caller's workspace and the listing's filters. A cursor from
     * another workspace or another listing is refused, not read as a position in this one.
     */
    private static String listingOf(Caller caller, Query query) {
        String statuses = query.statuses().stream().map(Enum::name).sorted().reduce((a, b) -> a + "," + b).orElse("");
        return caller.workspaceId() + "|" + query.app().map(ExternalApp::id).orElse("*") + "|" + statuses;
    }

    /** {@code <hub id>.<check>}, base64url: the check binds the position to its listing and catches tampering. */
    private static String encodeCursor(String listing, String lastHubId) {
        String text = lastHubId + "." + check(listing, lastHubId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor, String listing) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int dot = text.lastIndexOf('.');
            if (dot > 0) {
                String hubId = text.substring(0, dot);
                if (HUB_ID.matcher(hubId).matches() && text.substring(dot + 1).equals(check(listing, hubId))) {
                    return hubId;
                }
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new InvalidCursorException();
    }

    private static String check(String listing, String hubId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((listing + "|" + hubId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
