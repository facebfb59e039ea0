package com.hubstatus.usecase;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.Problem;
import com.hubstatus.status.Reason;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.usecase.port.HubRepository;
import com.hubstatus.usecase.port.Page;
import com.hubstatus.usecase.port.UnderReview;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Operators list what is under review, across workspaces, longest under review first: the
 * integrations whose validation found an automation failure or known issue, and the hubs whose own
 * check or sync did. Nobody else may; operators see nothing of hubs beyond this queue.
 */
public record ListReviews(HubRepository hubs) {

    /**
     * One entry of the queue.
     *
     * @param workspaceId the workspace
     * @param app         the external app
     * @param hubId       the hub under review, or empty for a whole integration
     * @param hubName     its name, or empty for a whole integration
     * @param reasons     why it is under review
     * @param since       since when
     */
    public record Review(String workspaceId, ExternalApp app, Optional<String> hubId, Optional<String> hubName,
                         List<Reason> reasons, Instant since) {
        public Review {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * @param reviews    oldest first
     * @param nextCursor where the next page starts, or empty on the last page
     */
    public record Queue(List<Review> reviews, Optional<String> nextCursor) {
        public Queue {
            reviews = List.copyOf(reviews);
        }
    }

    public Queue list(Caller caller, Optional<String> cursor, int limit) {
        if (!caller.operator()) {
            throw new ForbiddenException("only operators may see the review queue");
        }
        Page<UnderReview> page = hubs.underReview(cursor, limit);
        return new Queue(page.items().stream().map(ListReviews::review).toList(),
                Optional.ofNullable(page.nextCursor()));
    }

    private static Review review(UnderReview item) {
        return switch (item) {
            case UnderReview.Integration integration -> {
                ValidationCohort cohort = integration.cohort();
                ValidationCohort.Review review = cohort.review();
                yield new Review(cohort.workspaceId(), cohort.app(), Optional.empty(), Optional.empty(),
                        List.of(new Reason(review.code(), review.code().message(cohort.app()), review.detail(),
                                review.since())),
                        review.since());
            }
            case UnderReview.HubOfItsOwn own -> {
                List<Problem> problems = own.hub().problems().stream()
                        .filter(problem -> problem.code().status() == HubStatus.UNDER_REVIEW)
                        .sorted(Comparator.comparing(Problem::since))
                        .toList();
                yield new Review(own.hub().workspaceId(), own.hub().app(), Optional.of(own.hub().hubId()),
                        Optional.ofNullable(own.hub().name()),
                        problems.stream().map(p -> new Reason(p.code(), p.code().message(own.hub().app()), p.detail(),
                                p.since())).toList(),
                        problems.getFirst().since());
            }
        };
    }
}
