package com.hubstatus.model;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The SDK's HTTP client port as plain HTTP/1.1 over kept-alive loopback sockets, read and written on
 * the caller's thread. The model test sends tens of thousands of small requests to the local
 * endpoints one after another; this client spends on each only the socket's write and read, where
 * the JDK's clients add thread hand-offs or, on a reused connection, a wait before each POST.
 */
final class LoopbackHttpClient implements SdkHttpClient {

    /** Headers this client writes itself. */
    private static final Set<String> OWN = Set.of("host", "content-length", "connection", "expect", "transfer-encoding");

    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                byte[] body = new byte[0];
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        body = in.readAllBytes();
                    }
                }
                return send(request.httpRequest(), body);
            }

            @Override
            public void abort() {
            }
        };
    }

    private HttpExecuteResponse send(SdkHttpRequest request, byte[] body) throws IOException {
        URI uri = request.getUri();
        String authority = uri.getHost() + ":" + uri.getPort();
        ConcurrentLinkedDeque<Connection> pool = idle.computeIfAbsent(authority, k -> new ConcurrentLinkedDeque<>());
        Connection reused = pool.pollFirst();
        if (reused != null) {
            try {
                return exchange(reused, pool, request, body, authority);
            } catch (IOException closedMeanwhile) {
                // the server may close an idle connection at any time: such a request was never answered
                reused.close();
            }
        }
        return exchange(new Connection(uri.getHost(), uri.getPort()), pool, request, body, authority);
    }

    private static HttpExecuteResponse exchange(Connection connection, ConcurrentLinkedDeque<Connection> pool,
                                                SdkHttpRequest request, byte[] body, String authority) throws IOException {
        StringBuilder head = new StringBuilder(256).append(request.method().name()).append(' ')
                .append(request.encodedPath().isEmpty() ? "/" : request.encodedPath());
        request.encodedQueryParameters().ifPresent(query -> head.append('?').append(query));
        head.append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
        request.forEachHeader((name, values) -> {
            if (!OWN.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n"));
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        OutputStream out = connection.socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();

        String status = connection.line();
        if (status == null) {
            throw new EOFException("the connection closed before an answer");
        }
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = connection.line(); line != null && !line.isEmpty(); line = connection.line()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        byte[] answer;
        String length = first(headers, "Content-Length");
        if (length != null) {
            answer = connection.in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(first(headers, "Transfer-Encoding"))) {
            answer = connection.chunked();
        } else {
            answer = connection.in.readAllBytes();
            headers.put("Connection", List.of("close"));
        }
        if ("close".equalsIgnoreCase(first(headers, "Connection"))) {
            connection.close();
        } else {
            pool.addFirst(connection);
        }
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(code).headers(headers).build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                .build();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public void close() {
        idle.values().forEach(pool -> pool.forEach(Connection::close));
        idle.clear();
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream());
        }

        /** A header line without its CRLF, or null at the end of the stream. */
        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                body.write(in.readNBytes(size));
                line();
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                // trailers are not used by the local endpoints
            }
            return body.toByteArray();
        }

        private int chunkSize() throws IOException {
            String line = line();
            if (line == null) {
                throw new EOFException("the connection closed inside a chunked answer");
            }
            int extension = line.indexOf(';');
            return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a loopback socket the server may have closed already
            }
        }
    }
}
