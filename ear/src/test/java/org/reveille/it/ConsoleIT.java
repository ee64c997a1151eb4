package org.reveille.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.sim.FleetConfig;
import org.reveille.sim.FleetSimulator;
import org.reveille.sim.SimulatedMachine;
import org.reveille.sim.SimulatedSubnet;

/**
 * The web console in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium) against
 * three simulated subnets (127.90.1-3.0/24, two agents and two sleeping machines each): sign-in, the Agents view
 * with each subnet's Primary and Alternate, adding, rescanning and (refused) removing subnets, de-registering a
 * Primary, a wake job whose progress reaches 100 % sent while the simulator observes the packets, the Agent State
 * Manager, boundaries with an overlap, the inventory, a bad setting answered next to its field, and an operator
 * who sees no admin action. Each view's screenshot lands in target/screenshots/.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT extends BrowserTestSupport {

    private static final int WOL_PORT = 40909;
    private static final String BOUNDARY = "127.90.0.0/16";
    private static final String SOURCE = "console-it";
    private static final List<String> CHANGED_SETTINGS = List.of("magicPacketPort", "probeMethod", "pingTimeoutMillis", "agentStateManagerEnabled");

    private static FleetSimulator fleet;
    private static JsonObject originalSettings;

    private static SimulatedSubnet subnet(int n) {
        return fleet.subnets().get(n - 1);
    }

    private static List<SimulatedMachine> agents(int n) {
        return subnet(n).machines(SimulatedMachine.Kind.AGENT);
    }

    private static List<SimulatedMachine> sleepers(int n) {
        return subnet(n).machines(SimulatedMachine.Kind.SLEEPING);
    }

    @BeforeAll
    static void startFleetAndBrowser() throws Exception {
        WebDriver started = startBrowser();
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(3).firstSubnet(Ipv4Address.parse("127.90.1.0")).agentsPerSubnet(2).sleepingPerSubnet(2)
                .server("127.0.0.1", 1777).sharedKey(agentKey()).wolPort(WOL_PORT).probePort(40910).build());
        browser = started;
        originalSettings = get("/api/settings", ADMIN).json();
        assertEquals(200, put("/api/settings", "{\"magicPacketPort\":" + WOL_PORT + ",\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":500}", ADMIN).status());
        assertEquals(201, post("/api/boundaries", "{\"subnet\":\"" + BOUNDARY + "\",\"source\":\"" + SOURCE + "\"}", ADMIN).status());
        // subnet 3's agents are not in the inventory yet: its discovery finds nobody until they are pushed
        pushInventory(Stream.of(subnet(1).machines(), subnet(2).machines(), sleepers(3)).flatMap(List::stream).toList(),
                m -> m.kind() == SimulatedMachine.Kind.AGENT ? "workstation" : "laptop");
        for (int n = 1; n <= 2; n++) {
            Reply added = post("/api/subnets", "{\"subnet\":\"" + subnet(n).cidr() + "\"}", ADMIN);
            assertEquals(201, added.status(), added.body());
            awaitSubnet(added.json().getJsonNumber("id").longValue(), Duration.ofSeconds(60), v -> v.containsKey("primary") && v.containsKey("alternate"));
        }
    }

    @AfterAll
    static void restore() throws IOException {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            try {
                if (originalSettings != null) {
                    String json = CHANGED_SETTINGS.stream().map(k -> "\"" + k + "\":" + originalSettings.get(k)).collect(Collectors.joining(",", "{", "}"));
                    put("/api/settings", json, ADMIN);
                }
                get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .filter(b -> SOURCE.equals(b.getString("source", "")))
                        .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
                // leave no subnet of this test behind in the shared database
                for (JsonObject s : get("/api/subnets?q=127.90&limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class)) {
                    long id = s.getJsonNumber("id").longValue();
                    get("/api/agents?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                            .filter(a -> a.getJsonNumber("subnetId").longValue() == id)
                            .forEach(a -> delete("/api/agents/" + a.getJsonNumber("id") + "?rescan=false", ADMIN));
                    delete("/api/subnets/" + id, ADMIN);
                }
            } finally {
                if (fleet != null) {
                    fleet.close();
                }
            }
        }
    }

    // --- scenarios ---

    @Test
    @Order(1)
    void theRootLeadsToTheConsoleAndItsRequestsNeverTriggerTheBrowsersBasicDialog() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(BASE + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, root.statusCode());
        assertEquals("/ui/", root.headers().firstValue("Location").orElse(""));

        String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(BASE + "/api/me")).header("Authorization", wrong)
                .header("X-Requested-With", "XMLHttpRequest").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, script.statusCode());
        String challenge = script.headers().firstValue("WWW-Authenticate").orElse("");
        assertFalse(challenge.regionMatches(true, 0, "Basic", 0, 5), "a Basic challenge makes Chromium open its sign-in dialog: " + challenge);
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(BASE + "/api/me")).header("Authorization", wrong).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, plain.statusCode());
        assertTrue(plain.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), "other clients keep the Basic challenge");

        Reply me = get("/api/me", OPERATOR);
        assertEquals(200, me.status(), me.body());
        assertEquals("operator", me.json().getString("user"));
        assertEquals(List.of("operator"), me.json().getJsonArray("roles").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
    }

    @Test
    @Order(2)
    void signedInTheAgentsViewShowsEachSubnetWithItsPrimaryAndAlternate() throws Exception {
        browser.get(BASE + "/");
        find("#sign-in");
        assertTrue(browser.getCurrentUrl().startsWith(BASE + "/ui/"), browser.getCurrentUrl());
        screenshot("sign-in");
        signIn(new String[] {"admin", "not-the-password"});
        waitForText("#sign-in-message", "Wrong user name or password", 10);

        signIn(ADMIN);
        waitForText("main h1", "Agents", 15);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertNotNull(js.executeScript("return sessionStorage.getItem('reveille.console.session')"), "credentials kept for the tab");
        assertEquals(0L, js.executeScript("return localStorage.length"), "nothing in localStorage");

        searchAgents("127.90.");
        for (int n = 1; n <= 2; n++) {
            String cidr = subnet(n).cidr().toString();
            find(row(cidr));
            for (int i = 0; i < 2; i++) {
                SimulatedMachine agent = agents(n).get(i);
                String cell = row(cidr) + " td[data-col='" + (i == 0 ? "primary" : "alternate") + "']";
                waitForText(cell, agent.name(), 10);
                waitForText(cell, agent.ip().toString(), 5);
            }
            waitForText(row(cidr) + " td[data-col='state']", "healthy", 5);
        }
        screenshot("agents");

        // the CSV export holds every matching subnet, with its proxies
        Path downloads = Path.of("target", "downloads");
        click("#export-csv");
        waitForText("#export-done", "Exported 2 subnets", 15);
        Path csv = null;
        for (int i = 0; i < 50 && csv == null; i++) {
            try (Stream<Path> files = Files.exists(downloads) ? Files.list(downloads) : Stream.empty()) {
                csv = files.filter(f -> f.getFileName().toString().startsWith("reveille-agents-") && f.toString().endsWith(".csv")).findFirst().orElse(null);
            }
            Thread.sleep(200);
        }
        assertNotNull(csv, "the CSV was downloaded to " + downloads);
        String text = Files.readString(csv);
        assertTrue(text.startsWith("subnet,state,agents,primary_name"), text);
        assertTrue(text.contains("\"" + subnet(1).cidr() + "\",\"healthy\",\"2\",\"" + agents(1).get(0).name() + "\",\"" + agents(1).get(0).ip() + "\""), text);
    }

    @Test
    @Order(3)
    void anAdministratorAddsASubnetCannotRemoveOneWithAgentsAndARescanFindsItsAgents() throws Exception {
        open("#/agents", "Agents");
        searchAgents("127.90.");
        // a bad subnet: the API's message next to the dialog's field
        click("#add-subnet");
        type("#add-subnet-cidr", "127.90.3.1/24");
        confirmDialog();
        waitForText("dialog[open] .field-error[data-for='subnet']", "127.90.3.1/24", 10);
        type("#add-subnet-cidr", subnet(3).cidr().toString());
        confirmDialog();
        String third = row(subnet(3).cidr().toString());
        find(third);
        // nobody answers there yet: the view says why it has no Primary
        waitForText(third + " td[data-col='primary']", "no agent answered", 60);

        // a subnet with registered agents cannot be removed: the 409 problem is shown
        click(row(subnet(1).cidr().toString()) + " button[data-action='remove']");
        confirmDialog();
        waitForText("dialog[open] .problem", "registered agent", 10);
        cancelDialog();

        // the agents are pushed by the inventory system; a rescan from the console finds them, live in the view
        pushInventory(agents(3), m -> "workstation");
        click(third + " button[data-action='rescan']");
        confirmDialog();
        waitForText(third + " td[data-col='primary']", agents(3).get(0).ip().toString(), 60);
        waitForText(third + " td[data-col='alternate']", agents(3).get(1).ip().toString(), 30);
        waitForText(third + " td[data-col='state']", "healthy", 10);
    }

    @Test
    @Order(4)
    void deregisteringThePrimaryPromotesTheAlternateInTheView() {
        open("#/agents", "Agents");
        searchAgents("127.90.");
        String second = row(subnet(2).cidr().toString());
        String alternate = agents(2).get(1).ip().toString();
        waitForText(second + " td[data-col='alternate']", alternate, 10);
        click(second + " button[data-action='deregister-primary']");
        confirmDialog();
        waitForText(second + " td[data-col='primary']", alternate, 20);
        waitForText(".messages", "is no longer the Primary of " + subnet(2).cidr(), 5);
        JsonObject view = get("/api/subnets?q=" + subnet(2).cidr(), OPERATOR).json().getJsonArray("items").getJsonObject(0);
        assertEquals(alternate, proxy(view, "primary"), view.toString());
    }

    @Test
    @Order(5)
    void aWakeStartedFromTheConsoleReaches100PercentSentAndThePacketsArrive() throws Exception {
        open("#/wake", "Wake");
        // a bad MAC: the API's per-field problem next to the MAC field
        type("#field-macs", "02:00:zz:00:00:01");
        click("#wake-submit");
        waitForText(".field-error[data-for='macs']", "02:00:zz:00:00:01", 10);

        List<SimulatedMachine> targets = Stream.of(sleepers(1), sleepers(2)).flatMap(List::stream).toList();
        find("#field-macs").clear();
        type("#field-names", targets.stream().map(SimulatedMachine::name).collect(Collectors.joining("\n")));
        click("#wake-submit");
        await(15).until(ExpectedConditions.urlMatches("#/jobs/\\d+$"));
        waitForText("[data-state='sent'] .bar-value", targets.size() + " of " + targets.size() + " · 100 %", 60);
        waitForText("#job-state", "done", 30);
        assertEquals(List.of(), fleet.awaitWoken(targets.stream().map(SimulatedMachine::mac).toList(), Duration.ofSeconds(30)),
                "every magic packet observed by the simulator");
        waitForText("#targets-table tbody", targets.get(0).name(), 10);
        assertEquals(targets.size(), browser.findElements(By.cssSelector("#targets-table tbody tr[data-state='sent']")).size());
        screenshot("job");
        open("#/wake", "Wake");
        find("#jobs-table tbody tr[data-job]");
        screenshot("wake");
    }

    @Test
    @Order(6)
    void theAgentStateManagerViewPollsNowAndShowsTheRefusalWhenDisabled() throws Exception {
        open("#/manager", "Agent State Manager");
        long before = Long.parseLong(find("#poll-count").getText().replaceAll("\\D", ""));
        click("#poll-now");
        confirmDialog();
        waitForText("#manager-message", "Poll done", 20);
        await(15).until(d -> Long.parseLong(d.findElement(By.cssSelector("#poll-count")).getText().replaceAll("\\D", "")) > before);
        find("#poll-history tbody tr[data-poll]");
        find("#last-poll-counts [data-count='outOfBounds']");
        screenshot("manager");

        assertEquals(200, put("/api/settings", "{\"agentStateManagerEnabled\":false}", ADMIN).status());
        try {
            waitForText("#manager-enabled", "disabled", 15);
            click("#poll-now");
            confirmDialog();
            waitForText("dialog[open] .problem", "disabled", 10);
            waitForText("dialog[open] .problem", "409", 1);
            cancelDialog();
        } finally {
            assertEquals(200, put("/api/settings", "{\"agentStateManagerEnabled\":" + originalSettings.get("agentStateManagerEnabled") + "}", ADMIN).status());
        }
    }

    @Test
    @Order(7)
    void boundariesShowOverlapsAndAdministratorsEditThem() throws Exception {
        open("#/boundaries", "Boundaries");
        find("#boundaries-table tr[data-boundary='" + BOUNDARY + "']");
        type("#field-value", "127.90.1.1/24");
        type("#field-source", SOURCE);
        click("#add-boundary");
        waitForText("#boundary-form .field-error[data-for='value']", "127.90.1.1/24", 10);

        type("#field-value", "127.90.1.0/24");
        click("#add-boundary");
        String added = "#boundaries-table tr[data-boundary='127.90.1.0/24']";
        find(added);
        waitForText("#overlaps", "127.90.1.0/24", 10);
        waitForText(added, "overlaps " + BOUNDARY, 5);
        screenshot("boundaries");

        click(added + " button");
        confirmDialog();
        await(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(added), 0));
        assertFalse(get("/api/boundaries", ADMIN).body().contains("127.90.1.0/24"));
    }

    @Test
    @Order(8)
    void theInventoryFindsMachinesByPrefixAndShowsOne() throws Exception {
        open("#/inventory", "Inventory");
        String prefix = "PC-127-90-1-";
        type("#field-name", prefix + "*");
        click("#machine-search button[type=submit]");
        await(10).until(d -> d.findElements(By.cssSelector("#machines-table tbody tr[data-machine]")).size() == subnet(1).machines().size());
        screenshot("inventory");
        SimulatedMachine first = subnet(1).machines().get(0);
        click("#machines-table tr[data-machine='" + first.resourceId() + "'] a");
        waitForText("main h1", first.name(), 10);
        waitForText("#nics-table", first.mac().toString(), 5);
    }

    @Test
    @Order(9)
    void aBadSettingShowsTheApisMessageNextToItsField() throws Exception {
        Reply refused = put("/api/settings", "{\"pingCount\":0}", ADMIN);
        assertEquals(400, refused.status());
        String apiMessage = refused.json().getJsonArray("errors").getJsonObject(0).getString("message");

        open("#/settings", "Settings");
        type("#setting-pingCount", "0");
        click("#save-settings");
        waitForText(".field-error[data-for='pingCount']", apiMessage, 10);
        assertEquals("true", find("#setting-pingCount").getAttribute("aria-invalid"));
        waitForText("#settings-message .problem", "nothing was changed", 5);
        screenshot("settings");
        assertEquals(originalSettings.getInt("pingCount"), get("/api/settings", ADMIN).json().getInt("pingCount"), "nothing changed");
    }

    @Test
    @Order(10)
    void anOperatorSeesNoAdministratorAction() throws Exception {
        open("#/agents", "Agents");
        click("#sign-out");
        find("#sign-in");
        assertNull(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('reveille.console.session')"), "signed out");
        signIn(OPERATOR);
        waitForText("main h1", "Agents", 15);
        searchAgents("127.90.");
        find(row(subnet(1).cidr().toString()));
        find("#check-agents");
        find("#export-csv");
        assertTrue(browser.findElements(By.cssSelector("#add-subnet, #agents-table button[data-action]")).isEmpty(), "no add, rescan, remove or de-register");
        screenshot("agents-operator");

        open("#/manager", "Agent State Manager");
        find("#poll-count");
        assertTrue(browser.findElements(By.id("poll-now")).isEmpty(), "no poll now");
        open("#/boundaries", "Boundaries");
        find("#boundaries-table tr[data-boundary='" + BOUNDARY + "']");
        assertTrue(browser.findElements(By.cssSelector("#boundary-form, #boundaries-table button")).isEmpty(), "no boundary edits");
        open("#/settings", "Settings");
        assertFalse(find("#setting-pingCount").isEnabled(), "settings are read-only");
        assertTrue(browser.findElements(By.id("save-settings")).isEmpty(), "no save");
        open("#/wake", "Wake");
        find("#wake-form");
    }

    /** The job test 11 cancels; the contrast test shows its page. */
    private static long cancelledJob;

    @Test
    @Order(11)
    void anOperatorCancelsAJobWaitingForItsNotBeforeTimeAndItsTargetsAreSkipped() throws Exception {
        // the wake form has no "not before" field: the job comes through the REST API, the console cancels it
        List<SimulatedMachine> targets = sleepers(3);
        String notBefore = Instant.now().plus(Duration.ofDays(30)).toString();
        Reply started = post("/api/wake", "{\"names\":[" + targets.stream().map(m -> "\"" + m.name() + "\"").collect(Collectors.joining(","))
                + "],\"notBefore\":\"" + notBefore + "\"}", OPERATOR);
        assertEquals(202, started.status(), started.body());
        long id = started.json().getJsonNumber("jobId").longValue();
        cancelledJob = id;

        open("#/jobs/" + id, "Wake job " + id);
        waitForText("#job-state", "running", 10);
        waitForText("[data-state='queued'] .bar-value", targets.size() + " of " + targets.size() + " · 100 %", 10);
        assertTrue(find("#cancel-job").isDisplayed(), "a running job offers Cancel");
        screenshot("job-waiting");

        click("#cancel-job");
        waitForText("dialog[open] h2", "Cancel wake job " + id, 5);
        confirmDialog();
        waitForText("#job-state", "cancelled", 15);
        waitForText(".messages", "Wake job " + id + " cancelled.", 5);
        waitForText("[data-state='skipped'] .bar-value", targets.size() + " of " + targets.size() + " · 100 %", 10);
        waitForText("[data-state='queued'] .bar-value", "0 of " + targets.size() + " · 0 %", 5);
        waitForText(".facts", "Cancelled by", 5);
        await(10).until(d -> d.findElements(By.cssSelector("#targets-table tbody tr[data-state='skipped']")).size() == targets.size());
        for (WebElement reason : browser.findElements(By.cssSelector("#targets-table tbody tr[data-state='skipped'] td.reason"))) {
            assertEquals("cancelled by operator", reason.getText());
        }
        assertFalse(browser.findElement(By.id("cancel-job")).isDisplayed(), "a cancelled job offers no Cancel");
        screenshot("job-cancelled");

        JsonObject job = get("/api/jobs/" + id, OPERATOR).json();
        assertEquals("cancelled", job.getString("state"), job.toString());
        assertEquals("operator", job.getString("cancelledBy", null), job.toString());
        assertEquals(targets.size(), job.getJsonObject("counts").getInt("skipped"), job.toString());
        assertEquals(0, job.getJsonObject("counts").getInt("queued"), job.toString());
        for (JsonObject target : job.getJsonArray("targets").getValuesAs(JsonObject.class)) {
            assertEquals("skipped", target.getString("state"), target.toString());
            assertEquals("cancelled by operator", target.getString("reason"), target.toString());
        }
        for (SimulatedMachine m : targets) {
            assertNull(fleet.reception(m.mac()), "no magic packet for " + m.name() + " of the cancelled job");
        }
    }

    @Test
    @Order(12)
    void anInventoryUserIsOfferedWakeAndInventoryOnly() throws Exception {
        open("#/wake", "Wake");
        click("#sign-out");
        find("#sign-in");
        signIn(INVENTORY);
        // the first view an inventory user may open is Wake
        waitForText("main h1", "Wake", 15);
        assertTrue(browser.getCurrentUrl().endsWith("#/wake"), browser.getCurrentUrl());
        waitForText("#who-name", "inventory (inventory)", 5);
        assertEquals(List.of("Wake", "Inventory"), navEntries(), "README: inventory users get Wake and Inventory");
        find("#wake-form");
        find("#jobs-table tbody tr[data-job]");
        screenshot("wake-inventory-user");

        // the views of administrators and operators are not offered, not even by their address
        for (String view : List.of("agents", "manager", "boundaries", "settings")) {
            browser.get(BASE + "/ui/#/" + view);
            await(10).until(d -> d.getCurrentUrl().endsWith("#/wake"));
            waitForText("main h1", "Wake", 10);
            assertEquals("wake", find("main").getAttribute("data-view"), view);
            assertTrue(browser.findElements(By.cssSelector("#agents-table, #poll-count, #boundaries-table, #settings-form")).isEmpty(), view);
            assertEquals(List.of("Wake", "Inventory"), navEntries(), view);
        }
        // and the API, which decides, agrees
        assertEquals(403, get("/api/subnets", INVENTORY).status());
        assertEquals(403, get("/api/settings", INVENTORY).status());

        click("#nav-list a[href='#/inventory']");
        waitForText("main h1", "Inventory", 10);
        type("#field-name", "PC-127-90-3-*");
        click("#machine-search button[type=submit]");
        await(10).until(d -> d.findElements(By.cssSelector("#machines-table tbody tr[data-machine]")).size() == subnet(3).machines().size());
        screenshot("inventory-inventory-user");
        SimulatedMachine first = sleepers(3).get(0);
        click("#machines-table tr[data-machine='" + first.resourceId() + "'] a");
        waitForText("main h1", first.name(), 10);
        waitForText("#wake-machine", "Wake " + first.name(), 5);
    }

}
