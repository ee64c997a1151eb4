import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Inventory benchmark against a running Reveille (loopback only): PUT /api/inventory/machines with N machines
 * of 2 NICs each in batches, then timed GET /api/machines?name= look-ups. Single-file program:
 *   java InventoryBenchmark.java [baseUrl] [machines] [batch] [lookups]
 */
public class InventoryBenchmark {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int machines = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int lookups = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        URI uri = URI.create(base);
        if (!uri.getHost().startsWith("127.") && !uri.getHost().equals("localhost")) {
            throw new IllegalArgumentException("benchmarks only talk to loopback, not " + uri.getHost());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:reveille-admin".getBytes(StandardCharsets.UTF_8));

        long start = System.nanoTime();
        List<Long> batchMillis = new ArrayList<>();
        for (int from = 0; from < machines; from += batch) {
            String body = body(from, Math.min(machines, from + batch));
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/inventory/machines"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(5)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("batch at " + from + ": " + r.statusCode() + " " + r.body());
            }
            batchMillis.add((System.nanoTime() - t) / 1_000_000);
        }
        double upsertSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("upsert: %d machines (2 NICs each) in batches of %d: %.1f s total; batch min %d ms, max %d ms%n",
                machines, batch, upsertSeconds, Collections.min(batchMillis), Collections.max(batchMillis));

        Random random = new Random(42);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < lookups; i++) {
            String name = String.format("BENCH-%06d", random.nextInt(machines));
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/machines?name=" + name))
                    .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
            millis.add((System.nanoTime() - t) / 1e6);
            if (r.statusCode() != 200 || !r.body().contains("\"total\":1")) {
                throw new IllegalStateException("look-up of " + name + ": " + r.statusCode() + " " + r.body());
            }
        }
        Collections.sort(millis);
        System.out.printf("lookup: %d GET /api/machines?name= among %d: median %.2f ms, p95 %.2f ms, max %.2f ms%n",
                lookups, machines, millis.get(lookups / 2), millis.get((int) (lookups * 0.95)), millis.get(lookups - 1));
    }

    private static String body(int from, int to) {
        StringBuilder json = new StringBuilder(256 * (to - from)).append("{\"machines\":[");
        for (int i = from; i < to; i++) {
            int b = (i >> 8) & 0xff, c = i & 0xff;
            json.append(i == from ? "" : ",")
                .append("{\"resourceId\":\"BENCH-R").append(i).append("\",\"name\":\"").append(String.format("BENCH-%06d", i))
                .append("\",\"chassis\":\"workstation\",\"nics\":[")
                .append(String.format("{\"mac\":\"02:b0:%02x:%02x:%02x:01\",\"ip\":\"127.40.%d.%d\",\"subnet\":\"127.40.%d.0/24\"},", i >> 16, b, c, b, c, b))
                .append(String.format("{\"mac\":\"02:b0:%02x:%02x:%02x:02\",\"ip\":\"127.41.%d.%d\",\"subnet\":\"127.41.%d.0/24\"}]}", i >> 16, b, c, b, c, b));
        }
        return json.append("]}").toString();
    }
}
