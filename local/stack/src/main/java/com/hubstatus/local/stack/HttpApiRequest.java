package com.hubstatus.local.stack;

import java.util.List;
import java.util.Map;

/**
 * A request as it reached the local HTTP API, its body read: what the routes, the authorizer, the
 * controls and the payload 2.0 event are made from.
 *
 * @param rawPath   the path as sent, still percent-encoded
 * @param rawQuery  the query as sent, or null when there is none
 * @param headers   every header line in the order sent, names as sent
 * @param sourceIp  the client's address
 * @param localPort the port the request came in on
 * @param protocol  such as {@code HTTP/1.1}
 */
record HttpApiRequest(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers,
                      byte[] body, String sourceIp, int localPort, String protocol) {

    HttpApiRequest {
        headers = List.copyOf(headers);
    }

    /** The first value of a header, whatever the case of its name, or null. */
    String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
