package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, item 7: the browser-facing headers of every answer (docs/security.md, "Browser headers"), on the console,
 * the API's successes and its errors; HSTS over HTTPS only, and only when switched on (the test server runs with
 * reveille.hsts.max-age-seconds=600); the policy's violation reports are logged, bounded, and take no credentials.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityHeadersIT extends ServerTestSupport {

    private record Answer(int status, java.util.Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey())).map(e -> String.join(", ", e.getValue()))
                    .findFirst().orElse(null);
        }
    }

    private static Answer request(String url, String method, String[] user, String body) throws IOException, GeneralSecurityException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        if (connection instanceof HttpsURLConnection https) {
            // the server's own self-signed certificate, on loopback: this test checks headers, not the certificate
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String type) { }
                public void checkServerTrusted(X509Certificate[] chain, String type) { }
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            https.setSSLSocketFactory(context.getSocketFactory());
            https.setHostnameVerifier((host, session) -> "127.0.0.1".equals(host));
        }
        connection.setInstanceFollowRedirects(false);
        connection.setRequestMethod(method);
        if (user != null) {
            connection.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((user[0] + ":" + user[1]).getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/csp-report");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        Answer answer = new Answer(status, connection.getHeaderFields());
        connection.disconnect();
        return answer;
    }

    private static void assertBrowserHeaders(Answer answer, String what) {
        String csp = answer.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), what + ": " + csp);
        assertEquals("nosniff", answer.header("X-Content-Type-Options"), what);
        assertEquals("DENY", answer.header("X-Frame-Options"), what);
        assertEquals("no-referrer", answer.header("Referrer-Policy"), what);
    }

    @Test
    void everyAnswerCarriesTheHeadersAndHstsOnlyOverHttps() throws Exception {
        String http = BASE;
        String https = "https://127.0.0.1:" + ItPorts.HTTPS;
        for (String[] call : List.of(new String[] {"/ui/", null}, new String[] {"/ui/js/main.js", null}, new String[] {"/", null},
                new String[] {"/api/me", "operator"}, new String[] {"/api/me", null}, new String[] {"/api/no-such-thing", "operator"})) {
            String[] user = call[1] == null ? null : OPERATOR;
            Answer plain = request(http + call[0], "GET", user, null);
            assertBrowserHeaders(plain, "GET " + call[0] + " " + plain.status());
            assertNull(plain.header("Strict-Transport-Security"), "no HSTS over plain HTTP: " + call[0]);
            Answer secure = request(https + call[0], "GET", user, null);
            assertBrowserHeaders(secure, "HTTPS GET " + call[0] + " " + secure.status());
            assertEquals("max-age=600", secure.header("Strict-Transport-Security"), "HSTS over HTTPS: " + call[0]);
        }
        assertEquals(200, request(http + "/api/me", "GET", OPERATOR, null).status());
        assertEquals(401, request(http + "/api/me", "GET", null, null).status());
    }

    @Test
    void violationReportsAreLoggedWithoutCredentialsAndBounded() throws Exception {
        long before = countInServerLog("REVEILLE00168");
        // an oversized report: its first 4,096 bytes are logged (counted against the log as it was: the server and its
        // log are shared by the H2 and the PostgreSQL executions)
        long full = countInServerLog("y".repeat(4096));
        long longer = countInServerLog("y".repeat(4097));
        assertEquals(204, request(BASE + "/csp-report", "POST", null, "y".repeat(10_000)).status());
        assertEquals(full + 1, countInServerLog("y".repeat(4096)), "the report's first 4,096 bytes");
        assertEquals(longer, countInServerLog("y".repeat(4097)), "and no more");
        String marker = "probe-" + Instant.now().toEpochMilli();
        Answer report = request(BASE + "/csp-report", "POST", null,
                "{\"csp-report\":{\"document-uri\":\"http://127.0.0.1/ui/\",\"violated-directive\":\"style-src-attr\",\"blocked-uri\":\"inline\",\"x\":\"" + marker + "\n\"}}");
        assertEquals(204, report.status());
        assertEquals(1, countInServerLog(marker), "the report is in the line, its line break replaced");
        // a flood: at most 10 lines a minute, whatever comes
        for (int i = 0; i < 30; i++) {
            assertEquals(204, request(BASE + "/csp-report", "POST", null, "{}").status());
        }
        long logged = countInServerLog("REVEILLE00168") - before;
        assertTrue(logged >= 2 && logged <= 20, "bounded (10 a minute; this test may straddle a minute): " + logged);
    }
}
