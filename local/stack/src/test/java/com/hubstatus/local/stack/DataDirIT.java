package com.hubstatus.local.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With --data-dir, a stack restarted on the same port has the hubs, accepts the tokens (same key, same
 * issuer) and keeps the time of the last run.
 */
class DataDirIT {

    @Test
    void aStackRestartedOnItsDataFolderCarriesOnWhereItStopped(@TempDir Path dataDir) throws Exception {
        // given a stack that connected a hub and was moved a day forward
        StackOptions options = StackOptions.defaults().withPort(freePort()).withDataDir(dataDir.resolve("data"))
                .withFixtures(dataDir.resolve("simulated-apps.json"));
        String token;
        String hubId;
        try (DevStack first = DevStack.start(options)) {
            token = first.token("alice", "ws-demo", List.of());
            StackClient api = new StackClient(first.apiEndpoint());
            hubId = api.post("/hubs", token, "{\"app\":\"google-ads\",\"name\":\"Search\",\"businessId\":\"2000000001\","
                    + "\"serviceAccount\":\"sa-search\"}").json().get("hubId").asText();
            first.awaitIdle(Duration.ofSeconds(30));
            first.advanceClock(Duration.ofDays(1));
            first.awaitIdle(Duration.ofSeconds(30));
        }

        // when it starts again on the same folder
        try (DevStack second = DevStack.start(options)) {
            StackClient api = new StackClient(second.apiEndpoint());

            // then the old token still works, the hub is there, and the clock did not go back a day
            StackClient.Answer hub = api.get("/hubs/" + hubId, token);
            assertEquals(200, hub.status(), hub.toString());
            assertEquals("REQUIRES_SYNC", hub.json().at("/status/code").asText());
            assertTrue(second.clock().offset().compareTo(Duration.ofDays(1)) >= 0, second.clock().offset().toString());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
