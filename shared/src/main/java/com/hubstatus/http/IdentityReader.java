package com.hubstatus.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.hubstatus.usecase.Caller;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the caller's identity from the claims API Gateway's JWT authorizer verified (HTTP API,
 * payload 2.0). Never from the path, the query or the body.
 */
public final class IdentityReader {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@|+-]{0,127}");

    private final String workspaceClaim;
    private final String groupsClaim;
    private final String operatorGroup;

    /**
     * @param workspaceClaim the claim that names the caller's workspace
     * @param groupsClaim    the claim that lists the caller's groups
     * @param operatorGroup  the group whose members are operators
     */
    public IdentityReader(String workspaceClaim, String groupsClaim, String operatorGroup) {
        this.workspaceClaim = Objects.requireNonNull(workspaceClaim, "workspaceClaim");
        this.groupsClaim = Objects.requireNonNull(groupsClaim, "groupsClaim");
        this.operatorGroup = Objects.requireNonNull(operatorGroup, "operatorGroup");
    }

    public String workspaceClaim() { return workspaceClaim; }

    public String groupsClaim() { return groupsClaim; }

    public String operatorGroup() { return operatorGroup; }

    /** @throws ApiException 401 when the claims are missing or malformed */
    public Caller read(APIGatewayV2HTTPEvent event) {
        Map<String, String> claims = claims(event);
        String userId = claims.get("sub");
        String workspaceId = claims.get(workspaceClaim);
        if (userId == null || workspaceId == null || !ID.matcher(userId).matches() || !ID.matcher(workspaceId).matches()) {
            throw ApiException.unauthenticated();
        }
        Set<String> groups = parseGroups(claims.get(groupsClaim));
        return new Caller(userId, workspaceId, groups, groups.contains(operatorGroup));
    }

    private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null
                || event.getRequestContext().getAuthorizer().getJwt() == null
                || event.getRequestContext().getAuthorizer().getJwt().getClaims() == null) {
            throw ApiException.unauthenticated();
        }
        return event.getRequestContext().getAuthorizer().getJwt().getClaims();
    }

    /**
     * API Gateway flattens an array claim to a string such as {@code [a b]}; a JSON array string
     * or a comma-separated list is read too.
     */
    static Set<String> parseGroups(String claim) {
        if (claim == null || claim.isBlank()) {
            return Set.of();
        }
        String inner = claim.strip();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        Set<String> groups = new LinkedHashSet<>();
        Arrays.stream(inner.split("[\\s,]+"))
                .map(g -> g.replace("\"", "").strip())
                .filter(g -> !g.isEmpty())
                .forEach(groups::add);
        return groups;
    }
}
