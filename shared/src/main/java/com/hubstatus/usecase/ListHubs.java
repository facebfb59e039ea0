package com.hubstatus.usecase;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.StatusEvaluator;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.usecase.port.HubRepository;
import com.hubstatus.usecase.port.InvalidCursorException;
import com.hubstatus.usecase.port.Page;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An owner or manager lists the hubs they see in their workspace, with their status computed at
 * the moment of the read, exact counts per status, a status and an app filter, and pages.
 *
 * <p>The cost follows the page, not the workspace. The store keeps each user's listing by the
 * hubs' standing status (from their own facts alone) with the user's counts, and the status at
 * any instant follows from it and two things that change without a write to the hub: its
 * cohort (read once: Under validation or Under review for every hub of the app) and time (a
 * Healthy hub's last success going stale, found by a sparse index). So a listing reads the
 * workspace's cohorts, the user's counts, the hubs gone stale since they were written, and the
 * page's entries and hubs.
 *
 * <p>Hubs are listed by status in precedence order, then app, then standing status and hub id.
 * A cursor is bound to the workspace, the user and the filters it was issued for.
 */
public record ListHubs(HubRepository hubs, StatusEvaluator evaluator, Clock clock) {

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
     * @param hubs       the page's hubs
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

    public Listing list(Caller caller, Query query) {
        Instant now = clock.instant();
        String binding = bindingOf(caller, query);
        Position start = query.cursor().map(cursor -> Position.decode(cursor, binding)).orElse(Position.START);
        Map<ExternalApp, ValidationCohort> cohorts = hubs.cohortsOf(caller.workspaceId());
        List<ExternalApp> apps = query.app().map(List::of).orElse(List.of(ExternalApp.values()));
        Map<ExternalApp, Map<HubStatus, Integer>> standing = hubs.standingCounts(caller.workspaceId(), caller.userId());
        Map<ExternalApp, List<Hub>> stale = new EnumMap<>(ExternalApp.class);
        for (ExternalApp app : apps) {
            boolean clear = StatusEvaluator.cohortStatus(cohorts.get(app)).isEmpty();
            boolean anyHealthy = standing.get(app).get(HubStatus.HEALTHY) > 0;
            stale.put(app, clear && anyHealthy
                    ? hubs.goneStale(caller.workspaceId(), app, now).stream()
                            .filter(hub -> hub.isVisibleTo(caller.userId()))
                            .sorted(Comparator.comparing(Hub::hubId))
                            .toList()
                    : List.of());
        }
        Map<HubStatus, Integer> counts = counts(apps, cohorts, standing, stale);
        List<Segment> segments = segments(query, apps, cohorts, stale);
        PageOfIds page = fill(caller, segments, start, query.limit());
        Optional<Position> next = page.next().filter(position -> !fill(caller, segments, position, 1).hubIds().isEmpty());
        List<StatusView> views = hubs.hubs(caller.workspaceId(), page.hubIds()).stream()
                .map(hub -> evaluator.evaluate(hub, cohorts.get(hub.app()), now))
                .toList();
        return new Listing(views, counts, counts.values().stream().mapToInt(Integer::intValue).sum(),
                next.map(position -> position.encode(binding)));
    }

    private static Map<HubStatus, Integer> counts(List<ExternalApp> apps, Map<ExternalApp, ValidationCohort> cohorts,
                                                  Map<ExternalApp, Map<HubStatus, Integer>> standing,
                                                  Map<ExternalApp, List<Hub>> stale) {
        Map<HubStatus, Integer> counts = new EnumMap<>(HubStatus.class);
        for (HubStatus status : HubStatus.values()) {
            counts.put(status, 0);
        }
        for (ExternalApp app : apps) {
            Optional<HubStatus> forAll = StatusEvaluator.cohortStatus(cohorts.get(app));
            Map<HubStatus, Integer> byStanding = standing.get(app);
            if (forAll.isPresent()) {
                counts.merge(forAll.get(), byStanding.values().stream().mapToInt(Integer::intValue).sum(), Integer::sum);
                continue;
            }
            byStanding.forEach((status, n) -> counts.merge(status, n, Integer::sum));
            int wentStale = stale.get(app).size();
            counts.merge(HubStatus.HEALTHY, -wentStale, Integer::sum);
            counts.merge(HubStatus.REQUIRES_SYNC, wentStale, Integer::sum);
        }
        return counts;
    }

    // ---- the page ----------------------------------------------------------------------------------

    /**
     * A run of hubs of one app in one status, in listing order: the hubs gone stale (held in
     * memory), or a range of the user's listing (all standing statuses, or one).
     */
    private record Segment(ExternalApp app, List<String> staleIds, Optional<HubStatus> standing, Set<String> skip) {
        boolean isStale() {
            return staleIds != null;
        }
    }

    private static List<Segment> segments(Query query, List<ExternalApp> apps, Map<ExternalApp, ValidationCohort> cohorts,
                                          Map<ExternalApp, List<Hub>> stale) {
        List<Segment> segments = new ArrayList<>();
        for (HubStatus status : HubStatus.values()) {
            if (!query.statuses().contains(status)) {
                continue;
            }
            for (ExternalApp app : apps) {
                Optional<HubStatus> forAll = StatusEvaluator.cohortStatus(cohorts.get(app));
                List<String> staleIds = stale.get(app).stream().map(Hub::hubId).toList();
                if (forAll.isPresent()) {
                    if (forAll.get() == status) {
                        segments.add(new Segment(app, null, Optional.empty(), Set.of()));
                    }
                } else if (status == HubStatus.REQUIRES_SYNC) {
                    segments.add(new Segment(app, staleIds, Optional.empty(), Set.of()));
                    segments.add(new Segment(app, null, Optional.of(status), Set.of()));
                } else if (status != HubStatus.UNDER_VALIDATION) {
                    segments.add(new Segment(app, null, Optional.of(status),
                            status == HubStatus.HEALTHY ? new HashSet<>(staleIds) : Set.of()));
                }
            }
        }
        return segments;
    }

    private record PageOfIds(List<String> hubIds, Optional<Position> next) {
    }

    /**
     * Takes hub ids from the segments, from {@code start}, until the page is full. A full page
     * says where the next would start; whether one does is a look of one entry further (a Query
     * that stops at its limit may say there is more when there is not).
     */
    private PageOfIds fill(Caller caller, List<Segment> segments, Position start, int limit) {
        List<String> ids = new ArrayList<>();
        int segment = start.segment();
        String within = start.within();
        while (segment < segments.size()) {
            Segment current = segments.get(segment);
            if (ids.size() == limit) {
                return new PageOfIds(ids, Optional.of(new Position(segment, within)));
            }
            if (current.isStale()) {
                int from = within == null ? 0 : Integer.parseInt(within);
                int to = Math.min(current.staleIds().size(), from + limit - ids.size());
                ids.addAll(current.staleIds().subList(Math.min(from, to), to));
                if (to < current.staleIds().size()) {
                    return new PageOfIds(ids, Optional.of(new Position(segment, Integer.toString(to))));
                }
            } else {
                Page<String> listed = hubs.listed(caller.workspaceId(), caller.userId(),
                        current.app(), current.standing(), Optional.ofNullable(within), limit - ids.size());
                listed.items().stream().filter(id -> !current.skip().contains(id)).forEach(ids::add);
                if (listed.nextCursor() != null) {
                    within = listed.nextCursor();
                    continue;
                }
            }
            segment++;
            within = null;
        }
        return new PageOfIds(ids, Optional.empty());
    }

    // ---- cursors ------------------------------------------------------------------------------------

    /**
     * Where a page starts: a segment, and within it an offset (the stale hubs) or the store's
     * cursor (the user's listing).
     */
    private record Position(int segment, String within) {

        static final Position START = new Position(0, null);
        private static final Pattern FORM = Pattern.compile("(\\d{1,4})\\.([A-Za-z0-9_=-]*)\\.([0-9a-f]{16})");

        /** {@code <segment>.<within>.<check>}, base64url: the check binds it to its listing and catches tampering. */
        String encode(String binding) {
            String inner = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((within == null ? "" : within).getBytes(StandardCharsets.UTF_8));
            String text = segment + "." + inner;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((text + "." + check(binding, text)).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor, String binding) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                Matcher form = FORM.matcher(text);
                if (form.matches()) {
                    String signed = form.group(1) + "." + form.group(2);
                    if (check(binding, signed).equals(form.group(3))) {
                        String within = new String(Base64.getUrlDecoder().decode(form.group(2)), StandardCharsets.UTF_8);
                        return new Position(Integer.parseInt(form.group(1)), within.isEmpty() ? null : within);
                    }
                }
            } catch (IllegalArgumentException e) {
                // refused below
            }
            throw new InvalidCursorException();
        }
    }

    /**
     * What a cursor is bound to: the caller's workspace, the caller and the listing's filters. A
     * cursor from another workspace, user or listing is refused, not read as a position in this one.
     */
    private static String bindingOf(Caller caller, Query query) {
        String statuses = query.statuses().stream().map(Enum::name).sorted().reduce((a, b) -> a + "," + b).orElse("");
        return caller.workspaceId() + "|" + caller.userId() + "|" + query.app().map(ExternalApp::id).orElse("*")
                + "|" + statuses;
    }

    private static String check(String binding, String text) {
        return Sha256.hex(binding + "|" + text).substring(0, 16);
    }
}
