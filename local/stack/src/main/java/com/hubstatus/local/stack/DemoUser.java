package com.hubstatus.local.stack;

import java.util.List;

/**
 * A user the stack prints a token for and offers at its sign-in.
 *
 * @param variable the shell variable the start-up banner exports the token as
 * @param role     what the user is for, in the banner and on the sign-in page
 */
record DemoUser(String variable, String user, String workspace, List<String> groups, String role) {

    DemoUser {
        groups = List.copyOf(groups);
    }

    /** The quickstart's cast: an owner, a manager, an operator, and an owner of another workspace. */
    static List<DemoUser> all(String operatorGroup) {
        return List.of(
                new DemoUser("ALICE", "alice", "ws-demo", List.of(), "connects hubs, so owns them"),
                new DemoUser("BOB", "bob", "ws-demo", List.of(), "a manager of the hubs alice names him on"),
                new DemoUser("OLIVIA", "olivia", "ws-demo", List.of(operatorGroup), "an operator (" + operatorGroup + ")"),
                new DemoUser("MALLORY", "mallory", "ws-other", List.of(), "an owner in another workspace"));
    }
}
