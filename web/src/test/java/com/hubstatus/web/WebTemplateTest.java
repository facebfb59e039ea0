package com.hubstatus.web;

import com.hubstatus.local.emulators.SamTemplate;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml serves the page as the README's deploy steps say: a private bucket that only the
 * distribution reads (origin access control), and the API open to the page's origin alone.
 */
class WebTemplateTest {

    private final SamTemplate template = SamTemplate.ofRepository();

    @Test
    void thePagesBucketIsPrivateAndReadOnlyByItsDistributionThroughOriginAccessControl() {
        Map<String, Object> block = properties("WebBucket").get("PublicAccessBlockConfiguration") instanceof Map<?, ?> m
                ? cast(m) : Map.of();
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), block);

        String policy = properties("WebBucketPolicy").toString();
        assertTrue(policy.contains("Service=cloudfront.amazonaws.com"), policy);
        assertTrue(policy.contains("AWS:SourceArn") && policy.contains("distribution/${WebDistribution}"), policy);
        assertTrue(policy.contains("Action=s3:GetObject"), policy);

        assertEquals("s3", cast(properties("WebOriginAccessControl").get("OriginAccessControlConfig"))
                .get("OriginAccessControlOriginType"));
        String distribution = properties("WebDistribution").toString();
        assertTrue(distribution.contains("OriginAccessControlId={Fn::GetAtt=[WebOriginAccessControl, Id]}"), distribution);
        assertTrue(distribution.contains("DefaultRootObject=index.html"), distribution);
        assertTrue(distribution.contains("ViewerProtocolPolicy=redirect-to-https"), distribution);
    }

    @Test
    void theApiTakesCrossOriginCallsFromThePagesOriginOnlyWithTheHeadersThePageSends() {
        Map<String, Object> cors = cast(properties("HttpApi").get("CorsConfiguration"));
        List<?> origins = (List<?>) cors.get("AllowOrigins");
        assertEquals(1, origins.size());
        assertEquals(Map.of("Fn::Sub", "https://${WebDistribution.DomainName}"), origins.getFirst());
        assertFalse(cors.toString().contains("*"), "no wildcard anywhere in the API's CORS: " + cors);
        assertTrue(((List<?>) cors.get("AllowHeaders")).containsAll(List.of("authorization", "content-type")), cors.toString());
    }

    @Test
    void thePagesSettingsComeFromTheTemplatesParametersAndOutputs() {
        Map<String, Object> parameters = cast(template.root().get("Parameters"));
        assertTrue(parameters.containsKey("WebClientId"), "the page's client id is a parameter");
        Map<String, Object> outputs = cast(template.root().get("Outputs"));
        String config = outputs.get("WebConfig").toString();
        for (String key : List.of("apiBaseUrl", "issuer", "clientId", "redirectUri")) {
            assertTrue(config.contains("\"" + key + "\""), key + " in " + config);
        }
        assertTrue(config.contains("${JwtIssuer}"), "the issuer is the API's JWT issuer: " + config);
        assertTrue(outputs.containsKey("WebUrl") && outputs.containsKey("WebBucketName"), outputs.keySet().toString());
    }

    @Test
    void thePagesFolderHoldsOnlyWhatIsUploadedAndNoConfigOfItsOwn() throws Exception {
        Path page = SamTemplate.repositoryRoot().resolve("web/public");
        assertTrue(Files.isRegularFile(page.resolve("index.html")));
        assertFalse(Files.exists(page.resolve("config.json")), "config.json is the deployment's (or the stack's), not the source's");
        try (var files = Files.walk(page)) {
            List<String> strange = files.filter(Files::isRegularFile).map(page::relativize).map(Path::toString)
                    .filter(name -> !name.matches("[a-z0-9/_-]+\\.(html|css|js|svg)")).toList();
            assertEquals(List.of(), strange, "only the page's own files: no build output, no external assets");
        }
    }

    @Test
    void thePageLoadsNothingFromAnotherOrigin() throws Exception {
        Path page = SamTemplate.repositoryRoot().resolve("web/public");
        try (var files = Files.walk(page)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                assertFalse(text.matches("(?s).*(src|href)=\"(https?:)?//.*") || text.contains("@import url(http")
                        || text.matches("(?s).*import .* from '(https?:)?//.*"), file + " refers to another origin");
            }
        }
    }

    private Map<String, Object> properties(String logicalId) {
        return cast(template.resource(logicalId).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
