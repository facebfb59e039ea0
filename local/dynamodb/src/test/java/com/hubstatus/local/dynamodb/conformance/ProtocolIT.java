package com.hubstatus.local.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The JSON 1.0 protocol seen from the wire, where the SDK would hide it: error shapes and HTTP
 * statuses, the request id and CRC32 headers. These requests are not signed, so they run on the
 * engine only.
 */
class ProtocolIT extends Conformance {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=local/20260101/eu-west-1/dynamodb/aws4_request, "
            + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000";

    @BeforeEach
    void onTheEngine() {
        assumeTrue(ConformanceBackend.kind() == ConformanceBackend.Kind.ENGINE, "unsigned raw requests: runs on the engine only");
    }

    private static HttpResponse<String> post(String target, String body, boolean signed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(ConformanceBackend.engineEndpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        if (signed) {
            request.header("Authorization", AUTHORIZATION);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String errorType(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.hasNonNull("message"), response.body());
        return body.get("__type").asText();
    }

    @Test
    void anOperationTheEngineDoesNotImplementIsAnUnknownOperation() throws Exception {
        // when
        HttpResponse<String> response = post("DynamoDB_20120810.DescribeLimits", "{}", true);
        HttpResponse<String> noTarget = post(null, "{}", true);

        // then
        assertEquals(400, response.statusCode());
        assertTrue(errorType(response).endsWith("#UnknownOperationException"), response.body());
        assertEquals(400, noTarget.statusCode());
        assertTrue(errorType(noTarget).endsWith("#UnknownOperationException"), noTarget.body());
    }

    @Test
    void aBodyThatIsNotJsonIsASerializationException() throws Exception {
        // when
        HttpResponse<String> response = post("DynamoDB_20120810.GetItem", "{not json", true);
        HttpResponse<String> wrongType = post("DynamoDB_20120810.GetItem", "{\"TableName\": 5}", true);

        // then
        assertEquals(400, response.statusCode());
        assertTrue(errorType(response).endsWith("#SerializationException"), response.body());
        assertTrue(errorType(wrongType).endsWith("#SerializationException"), wrongType.body());
    }

    @Test
    void errorsHaveAwsNamespacesAndEveryAnswerARequestIdAndTheCrc32OfItsBody() throws Exception {
        // when
        HttpResponse<String> notFound = post("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"no-such-table\"}", true);
        HttpResponse<String> invalid = post("DynamoDB_20120810.DescribeTable", "{}", true);
        HttpResponse<String> listed = post("DynamoDB_20120810.ListTables", "{}", true);

        // then
        assertEquals("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", errorType(notFound));
        assertEquals("com.amazon.coral.validate#ValidationException", errorType(invalid));
        assertEquals(200, listed.statusCode());
        for (HttpResponse<String> response : java.util.List.of(notFound, invalid, listed)) {
            assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
            CRC32 crc = new CRC32();
            crc.update(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(Long.toString(crc.getValue()), response.headers().firstValue("x-amz-crc32").orElseThrow());
            assertEquals("application/x-amz-json-1.0", response.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void anUnsignedRequestIsRefusedAndAnyRegionsSignatureAccepted() throws Exception {
        // given
        String table = keyedTable("protocol");

        // when
        HttpResponse<String> unsigned = post("DynamoDB_20120810.ListTables", "{}", false);
        HttpResponse<String> described = post("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"" + table + "\"}", true);

        // then
        assertEquals(400, unsigned.statusCode());
        assertTrue(errorType(unsigned).endsWith("#MissingAuthenticationTokenException"), unsigned.body());
        assertTrue(JSON.readTree(described.body()).at("/Table/TableArn").asText().startsWith("arn:aws:dynamodb:eu-west-1:"));
    }
}
