package com.hubstatus.status;

import java.security.SecureRandom;
import java.time.Clock;

/** Makes identifiers for hubs, runs, checks and events. */
@FunctionalInterface
public interface IdSource {

    /** A new identifier that starts with {@code prefix} and an underscore. */
    String next(String prefix);

    /**
     * Identifiers that sort by creation time: 10 characters of milliseconds then 16 random
     * characters, in Crockford's base 32 (the layout of a ULID).
     */
    static IdSource timeOrdered(Clock clock) {
        SecureRandom random = new SecureRandom();
        char[] alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
        return prefix -> {
            char[] id = new char[26];
            long millis = clock.millis();
            for (int i = 9; i >= 0; i--) {
                id[i] = alphabet[(int) (millis & 31)];
                millis >>>= 5;
            }
            for (int i = 10; i < 26; i++) {
                id[i] = alphabet[random.nextInt(32)];
            }
            return prefix + "_" + new String(id);
        };
    }
}
