package com.hubstatus.http;

/** A request the API refuses, with the HTTP status and the error code and message it answers. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }

    public String code() { return code; }

    /** The most characters of a caller's input an error message repeats. */
    static final int QUOTED_PREFIX = 40;

    /** Input for an error message: quoted, and cut to a short prefix so a message never echoes a whole payload. */
    public static String quote(String input) {
        if (input.codePointCount(0, input.length()) <= QUOTED_PREFIX) {
            return "'" + input + "'";
        }
        return "'" + input.substring(0, input.offsetByCodePoints(0, QUOTED_PREFIX)) + "…'";
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException unauthenticated() {
        return new ApiException(401, "UNAUTHENTICATED", "the request carries no verified identity");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "FORBIDDEN", message);
    }

    /** The same answer for a hub that does not exist and one the caller may not see. */
    public static ApiException hubNotFound() {
        return new ApiException(404, "HUB_NOT_FOUND", "no such hub");
    }

    public static ApiException cohortNotFound() {
        return new ApiException(404, "INTEGRATION_NOT_FOUND", "no hub of this app is connected in the workspace");
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }
}
