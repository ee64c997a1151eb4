package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Authentication and roles on every endpoint, error bodies the container produces, and the OpenAPI document. */
@ExtendWith(ArquillianExtension.class)
class ApiSecurityIT extends ServerTestSupport {

    private static final String ONE_MACHINE = "{\"machines\":[{\"resourceId\":\"SEC-1\",\"name\":\"SEC-1\",\"nics\":[{\"mac\":\"02:99:00:00:00:01\"}]}]}";

    @Test
    void noCredentialsGive401ProblemWithChallenge() {
        Reply reply = get("/api/settings", null);
        assertEquals(401, reply.status());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        assertEquals(401, reply.json().getInt("status"));
        assertFalse(reply.body().contains("Exception"), "no stack trace or exception name goes to a client");
    }

    @Test
    void wrongPasswordGives401() {
        assertEquals(401, get("/api/settings", new String[] {"admin", "not-the-password"}).status());
    }

    @Test
    void rolesDecide() {
        // settings: read by admin and operator, changed by admin only
        assertEquals(200, get("/api/settings", ADMIN).status());
        assertEquals(200, get("/api/settings", OPERATOR).status());
        assertEquals(403, get("/api/settings", INVENTORY).status());
        assertEquals(200, put("/api/settings", "{}", ADMIN).status());
        Reply operatorPut = put("/api/settings", "{\"pingCount\":3}", OPERATOR);
        assertEquals(403, operatorPut.status());
        assertTrue(operatorPut.contentType().startsWith("application/problem+json"), operatorPut.contentType());
        assertEquals(403, put("/api/settings", "{\"pingCount\":3}", INVENTORY).status());
        assertEquals(2, get("/api/settings", ADMIN).json().getInt("pingCount"), "forbidden changes were not applied");

        // inventory upserts: inventory systems and admin, not operators
        assertEquals(200, put("/api/inventory/machines", ONE_MACHINE, INVENTORY).status());
        assertEquals(200, put("/api/inventory/machines", ONE_MACHINE, ADMIN).status());
        assertEquals(403, put("/api/inventory/machines", ONE_MACHINE, OPERATOR).status());

        // machine look-ups: everyone signed in
        assertEquals(200, get("/api/machines/SEC-1", OPERATOR).status());
        assertEquals(200, get("/api/machines/SEC-1", INVENTORY).status());
        assertEquals(401, get("/api/machines/SEC-1", null).status());
    }

    @Test
    void unknownPathAndWrongMethodAndMediaTypeAreProblems() {
        Reply unknown = get("/api/no-such-thing", ADMIN);
        assertEquals(404, unknown.status());
        assertTrue(unknown.contentType().startsWith("application/problem+json"), unknown.contentType());

        Reply wrongMethod = post("/api/settings", "{}", ADMIN);
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.contentType().startsWith("application/problem+json"), wrongMethod.contentType());

        Reply wrongType = send(HttpRequest.newBuilder(URI.create(BASE + "/api/settings")).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("pingCount=3")), ADMIN);
        assertEquals(415, wrongType.status());
        assertTrue(wrongType.contentType().startsWith("application/problem+json"), wrongType.contentType());
    }

    /**
     * A client announcing a 17 MiB body (over the 16 MiB limit) with Expect: 100-continue gets 413 problem+json
     * before it sends a byte of the body. Raw socket, read timeout: the test cannot hang.
     */
    @Test
    void oversizedBodyIsRefused() throws Exception {
        String token = java.util.Base64.getEncoder().encodeToString((INVENTORY[0] + ":" + INVENTORY[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", ItPorts.HTTP)) {
            socket.setSoTimeout(20_000);
            String request = "PUT /api/inventory/machines HTTP/1.1\r\nHost: 127.0.0.1:" + ItPorts.HTTP + "\r\nAuthorization: Basic " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (17 * 1024 * 1024)
                    + "\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String status = in.readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413"), "status line: " + status);
            StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line.toLowerCase()).append('\n');
            }
            assertTrue(head.toString().contains("content-type: application/problem+json"), head.toString());
        }
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        Reply reply = getAbsolute(BASE + "/openapi?format=JSON");
        assertEquals(200, reply.status());
        assertTrue(reply.body().contains("/api/inventory/machines"), reply.body().substring(0, Math.min(500, reply.body().length())));
        assertTrue(reply.body().contains("/api/settings"));
        assertTrue(!reply.body().contains("/testing/clock"), "the test-only clock endpoint is not part of the API");
        assertTrue(reply.body().contains("\"securitySchemes\"") && reply.body().contains("\"scheme\" : \"basic\"")
                || reply.body().contains("\"scheme\":\"basic\""), "the BASIC security scheme is declared");
    }

    /**
     * The OpenAPI document and docs/api.md name the same operations: every method and path of one is in the other
     * (path parameters compared by position, not by name).
     */
    @Test
    void openApiDocumentAndApiMdNameTheSameOperations() throws IOException {
        Reply reply = getAbsolute(BASE + "/openapi?format=JSON");
        assertEquals(200, reply.status());
        Set<String> inDocument = new TreeSet<>();
        JsonObject paths = reply.json().getJsonObject("paths");
        for (String path : paths.keySet()) {
            for (String method : paths.getJsonObject(path).keySet()) {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                    inDocument.add(method.toUpperCase() + " " + anyParameter(path));
                }
            }
        }
        Set<String> inApiMd = new TreeSet<>();
        Matcher operation = Pattern.compile("`((?:GET|PUT|POST|DELETE|PATCH)(?:\\|(?:GET|PUT|POST|DELETE|PATCH))*) (/api[A-Za-z0-9/{}._-]*)")
                .matcher(Files.readString(apiMd()));
        while (operation.find()) {
            for (String method : operation.group(1).split("\\|")) {
                inApiMd.add(method + " " + anyParameter(operation.group(2)));
            }
        }
        assertFalse(inApiMd.isEmpty(), "docs/api.md names operations");
        Set<String> undocumented = new TreeSet<>(inDocument);
        undocumented.removeAll(inApiMd);
        Set<String> notServed = new TreeSet<>(inApiMd);
        notServed.removeAll(inDocument);
        assertTrue(undocumented.isEmpty(), "in the OpenAPI document, not in docs/api.md: " + undocumented);
        assertTrue(notServed.isEmpty(), "in docs/api.md, not in the OpenAPI document: " + notServed);
    }

    private static String anyParameter(String path) {
        String bare = path.replaceAll("\\{[^}]*}", "{}");
        return bare.length() > 1 && bare.endsWith("/") ? bare.substring(0, bare.length() - 1) : bare;
    }

    private static Path apiMd() {
        for (Path candidate : new Path[] {Path.of("..", "docs", "api.md"), Path.of("docs", "api.md")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/api.md not found from " + Path.of("").toAbsolutePath());
    }
}
