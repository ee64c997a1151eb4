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
import java.util.Map;
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
import org.openqa.selenium.Keys;
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
 * three simulated subnets (127.90.1-3.0/24, two agents and two sleeping machines each): sign-in, which lands on the
 * Dashboard for every role, the Agents view with each subnet's Primary and Alternate, adding, rescanning and (refused)
 * removing subnets, de-registering a Primary, a wake job whose progress reaches 100 % sent while the simulator
 * observes the packets, the Agent State Manager, boundaries with an overlap, the inventory, a bad setting answered
 * next to its field, an operator who sees no admin action and cancels a waiting job, an inventory user offered the
 * Dashboard, Wake, Schedules and Inventory only, the WCAG contrast and field labels of every view, keyboard-only
 * navigation, the console over HTTPS (port 8443, the server's own self-signed certificate), and the Identities view:
 * an enrollment token shown once, an agent that enrolls with it, both revoked from the view; and the Schedules view:
 * an operator's cron expression refused with its position next to the field and then previewed, a schedule created,
 * run now, paused, resumed and deleted, and a maintenance window added and deleted; and the Dashboard's four charts
 * drawn from this run's history (a wake that fails and a verified one) exactly as the insight API has it, its period
 * selector, its CSV and its refresh. Each view's screenshot lands in target/screenshots/. The empty agent list and
 * 10,000 subnets need a server of their own: FreshServerConsoleIT.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT extends BrowserTestSupport {

    private static final int WOL_PORT = ItPorts.of(24909);
    private static final String BOUNDARY = "127.90.0.0/16";
    private static final String SOURCE = "console-it";
    private static final List<String> CHANGED_SETTINGS = List.of("magicPacketPort", "probeMethod", "pingTimeoutMillis", "agentStateManagerEnabled",
            "wakeDiscoveryWaitSeconds");

    private static FleetSimulator fleet;
    /** One agent that enrolls with the token the Identities view created (test 16), on a subnet of its own. */
    private static FleetSimulator enrolled;
    private static final String ENROLLED_SUBNET = "127.90.9.0";
    private static final String TOKEN_DESCRIPTION = "console-it";
    /** The prefix of every schedule, maintenance window and collection this run creates (tests 13 and 17). */
    private static final String RUN = "console-it-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    /** A MAC the inventory does not have: a schedule's job for it finishes at once, nothing is sent. */
    private static final String SCHEDULE_MAC = "02:90:0f:00:00:01";
    /** A subnet of the boundary where no agent runs: a wake of a machine there fails (no-agent), for the Dashboard (test 18). */
    private static final String NO_AGENT_SUBNET = "127.90.8.0/24";

    /** REVEILLE00168 lines (Content-Security-Policy violations) in the server log before this class ran. */
    private static long cspReportsBefore;
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
        cspReportsBefore = countInServerLog("REVEILLE00168");
        WebDriver started = startBrowser();
        fleet = FleetSimulator.start(FleetConfig.builder()
                .subnets(3).firstSubnet(Ipv4Address.parse("127.90.1.0")).agentsPerSubnet(2).sleepingPerSubnet(2)
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).sharedKey(agentKey()).wolPort(WOL_PORT).probePort(ItPorts.of(24910)).build());
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
                // the Schedules tests' schedules, windows and collection, should one have stopped before deleting them
                get("/api/schedules?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .filter(x -> x.getString("name").startsWith(RUN))
                        .forEach(x -> delete("/api/schedules/" + x.getJsonNumber("id"), ADMIN));
                get("/api/windows?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .filter(w -> w.getString("name").startsWith(RUN))
                        .forEach(w -> delete("/api/windows/" + w.getJsonNumber("id"), ADMIN));
                delete("/api/collections/" + RUN + "-lab", ADMIN);
                // the Identities test's token and identity, should it have stopped before revoking them
                get("/api/enrollment-tokens", ADMIN).jsonValue().asJsonArray().getValuesAs(JsonObject.class).stream()
                        .filter(t -> "active".equals(t.getString("state")) && t.getString("description", "").startsWith(TOKEN_DESCRIPTION))
                        .forEach(t -> delete("/api/enrollment-tokens/" + t.getString("id"), ADMIN));
                get("/api/agent-identities?state=live&limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .filter(i -> i.getString("address").startsWith("127.90."))
                        .forEach(i -> post("/api/agent-identities/" + i.getJsonNumber("id") + "/revoke", "{\"reason\":\"ConsoleIT done\"}", ADMIN));
            } finally {
                try {
                    if (enrolled != null) {
                        enrolled.close();
                    }
                } finally {
                    if (fleet != null) {
                        fleet.close();
                    }
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
        // sign-in lands on the Dashboard, the navigation's first entry
        waitForText("main h1", "Dashboard", 15);
        assertTrue(browser.getCurrentUrl().endsWith("#/dashboard"), browser.getCurrentUrl());
        assertEquals(List.of("Dashboard", "Agents"), navEntries().subList(0, 2), navEntries().toString());
        awaitDashboard();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertNotNull(js.executeScript("return sessionStorage.getItem('reveille.console.session')"), "credentials kept for the tab");
        assertEquals(0L, js.executeScript("return localStorage.length"), "nothing in localStorage");

        click("#nav-list a[href='#/agents']");
        waitForText("main h1", "Agents", 15);
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

    /** Searches the Inventory view by name and waits until it shows the rows the API has for that name. */
    private static void searchMachines(String pattern, int expectedRows) {
        type("#field-name", pattern);
        click("#machine-search button[type=submit]");
        try {
            await(10).until(d -> d.findElements(By.cssSelector("#machines-table tbody tr[data-machine]")).size() == expectedRows);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("searching " + pattern + ": expected " + expectedRows + " rows, the view shows "
                    + browser.findElements(By.cssSelector("#machines-table tbody tr[data-machine]")).size(), e);
        }
    }

    @Test
    @Order(8)
    void theInventoryFindsMachinesByPrefixAndShowsOne() throws Exception {
        open("#/inventory", "Inventory");
        String prefix = "PC-127-90-1-";
        searchMachines(prefix + "*", subnet(1).machines().size());
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
        find("#refresh-agents");
        find("#export-csv");
        // operators check agents: the subnet's Primary and Alternate are asked for their status now
        click("#agents-table button[data-check='" + subnet(1).cidr() + "']");
        waitForText("#check-result", "answered in", 15);
        List<WebElement> checked = browser.findElements(By.cssSelector("#check-result li[data-checked]"));
        assertEquals(2, checked.size(), find("#check-result").getText());
        for (WebElement agent : checked) {
            assertEquals("true", agent.getAttribute("data-reachable"), agent.getText());
            assertTrue(subnet(1).agents().containsKey(org.reveille.net.Ipv4Address.parse(agent.getAttribute("data-checked"))), agent.getText());
        }
        assertTrue(find("#check-result").getText().contains("Primary"), find("#check-result").getText());
        screenshot("agents-check");
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
        // schedules are for every role: an operator creates them (test 17) and changes their own
        open("#/schedules", "Schedules");
        find("#schedule-form");
        find("#window-form");
        assertTrue(browser.findElements(By.cssSelector("#nav-list a[href='#/audit']")).isEmpty(), "the audit trail is for administrators");
        assertTrue(browser.findElements(By.cssSelector("#nav-list a[href='#/identities']")).isEmpty(), "identities are for administrators");
        browser.get(BASE + "/ui/#/identities");
        await(10).until(d -> d.getCurrentUrl().endsWith("#/dashboard"));
        waitForText("main h1", "Dashboard", 10);
        assertTrue(browser.findElements(By.cssSelector("#tokens-table, #identities-table, #keys-table")).isEmpty(), "not even by its address");
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
        browser.get(BASE + "/ui/");   // an address naming no view
        find("#sign-in");
        signIn(INVENTORY);
        // an inventory user lands on the Dashboard too, and reads every chart of it
        waitForText("main h1", "Dashboard", 15);
        assertTrue(browser.getCurrentUrl().endsWith("#/dashboard"), browser.getCurrentUrl());
        waitForText("#who-name", "inventory (inventory)", 5);
        assertEquals(List.of("Dashboard", "Wake", "Schedules", "Inventory"), navEntries(),
                "inventory users get the Dashboard, Wake, Schedules and Inventory");
        awaitDashboard();
        click("#nav-list a[href='#/wake']");
        waitForText("main h1", "Wake", 15);
        find("#wake-form");
        find("#jobs-table tbody tr[data-job]");
        screenshot("wake-inventory-user");

        // the views of administrators and operators are not offered, not even by their address
        for (String view : List.of("agents", "manager", "boundaries", "settings", "audit", "identities")) {
            browser.get(BASE + "/ui/#/" + view);
            await(10).until(d -> d.getCurrentUrl().endsWith("#/dashboard"));
            waitForText("main h1", "Dashboard", 10);
            assertEquals("dashboard", find("main").getAttribute("data-view"), view);
            assertTrue(browser.findElements(By.cssSelector("#agents-table, #poll-count, #boundaries-table, #settings-form, #audit-table, #tokens-table"))
                    .isEmpty(), view);
            assertEquals(List.of("Dashboard", "Wake", "Schedules", "Inventory"), navEntries(), view);
        }
        // and the API, which decides, agrees
        assertEquals(403, get("/api/subnets", INVENTORY).status());
        assertEquals(403, get("/api/settings", INVENTORY).status());

        click("#nav-list a[href='#/schedules']");
        waitForText("main h1", "Schedules", 10);
        find("#schedule-form");
        find("#window-form");

        click("#nav-list a[href='#/inventory']");
        waitForText("main h1", "Inventory", 10);
        // subnet 3's sleepers were pushed; its agents join the inventory only if a test pushed them before this one
        int inInventory = get("/api/machines?name=PC-127-90-3-*&limit=50", INVENTORY).json().getInt("total");
        assertTrue(inInventory >= sleepers(3).size(), "the pushed machines of subnet 3: " + inInventory);
        searchMachines("PC-127-90-3-*", inInventory);
        screenshot("inventory-inventory-user");
        SimulatedMachine first = sleepers(3).get(0);
        click("#machines-table tr[data-machine='" + first.resourceId() + "'] a");
        waitForText("main h1", first.name(), 10);
        waitForText("#wake-machine", "Wake " + first.name(), 5);
    }

    /**
     * Computes in the browser, for every visible text of the page, the WCAG 2 contrast ratio of its colour against
     * its effective background (the background colours of the element and its ancestors composited); also the
     * placeholders and the values shown in form controls. Disabled controls are exempt (WCAG 1.4.3). Returns
     * {checked, failures[]}.
     */
    private static final String CONTRAST_SCRIPT = """
            const parse = c => {
              const m = /^rgba?\\(([^)]*)\\)$/.exec(c.trim());
              if (!m) return null;
              const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
              return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
            };
            const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
                                             b: top.b * top.a + under.b * (1 - top.a), a: 1 });
            const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                               return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
            const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
            const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
            const background = el => {
              const layers = [];
              for (let e = el; e; e = e.parentElement) {
                const cs = getComputedStyle(e);
                if (cs.backgroundImage !== 'none') return { problem: 'background image on ' + describe(e) };
                const c = parse(cs.backgroundColor);
                if (!c) return { problem: 'unreadable background ' + cs.backgroundColor + ' on ' + describe(e) };
                if (c.a > 0) { layers.push(c); if (c.a >= 1) break; }
              }
              let base = { r: 255, g: 255, b: 255, a: 1 };
              for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
              return { color: base };
            };
            const opacity = el => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
            const visible = el => {
              if (el.closest('.visually-hidden, option, script, style, noscript, [hidden]')) return false;
              const r = el.getBoundingClientRect();
              if (r.width <= 1 || r.height <= 1 || r.right <= 0 || r.bottom <= 0) return false;
              const cs = getComputedStyle(el);
              return cs.visibility === 'visible' && cs.display !== 'none';
            };
            const failures = [];
            let checked = 0;
            const check = (el, colorText, text) => {
              if (el.closest(':disabled')) return;
              const cs = getComputedStyle(el);
              const fg = parse(colorText);
              const bg = background(el);
              if (!fg || bg.problem) { failures.push({ element: describe(el), text, problem: bg.problem || 'unreadable colour ' + colorText }); return; }
              const size = parseFloat(cs.fontSize), weight = Number(cs.fontWeight) || 400;
              const large = size >= 24 || (size >= 18.66 && weight >= 700);
              const need = large ? 3 : 4.5;
              const shown = over({ ...fg, a: fg.a * opacity(el) }, bg.color);
              const r = ratio(shown, bg.color);
              checked++;
              if (r < need) failures.push({ element: describe(el), text, ratio: Math.round(r * 100) / 100, need,
                  color: colorText, background: 'rgb(' + [bg.color.r, bg.color.g, bg.color.b].map(Math.round).join(', ') + ')' });
            };
            // with a modal dialog open, the page behind it is inert: only the dialog is read
            const root = document.querySelector('dialog[open]') || document.body;
            const seen = new Set();
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const el = n.parentElement;
              if (!el || seen.has(el) || !n.textContent.trim() || !visible(el)) continue;
              if (['SELECT', 'TEXTAREA'].includes(el.tagName)) continue;
              seen.add(el);
              check(el, getComputedStyle(el).color, n.textContent.trim().slice(0, 60));
            }
            for (const el of root.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea')) {
              if (!visible(el)) continue;
              if (el.value) {
                check(el, getComputedStyle(el).color, 'value of ' + describe(el) + ': ' + String(el.value).slice(0, 40));
              } else if (el.placeholder) {
                check(el, getComputedStyle(el, '::placeholder').color, 'placeholder of ' + describe(el) + ': ' + el.placeholder.slice(0, 40));
              }
            }
            return { checked, failures };
            """;

    /** The visible inputs, selects and textareas, each with how it is labelled (label element, aria-label or aria-labelledby). */
    private static final String LABELS_SCRIPT = """
            return [...(document.querySelector('dialog[open]') || document).querySelectorAll('input:not([type=hidden]), select, textarea')]
              .filter(el => el.getClientRects().length > 0)
              .map(el => {
                const byLabel = [...(el.labels || [])].map(l => l.textContent.trim()).filter(Boolean).join(' ');
                const byAria = (el.getAttribute('aria-label') || '').trim();
                const byIds = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
                  .map(id => (document.getElementById(id) || { textContent: '' }).textContent.trim()).join(' ').trim();
                return { element: el, id: el.id || el.name || el.outerHTML.slice(0, 80), label: byLabel || byAria || byIds };
              });
            """;

    /** Asserts the contrast of every visible text and the label of every visible form control of the page on screen. */
    @SuppressWarnings("unchecked")
    private static int assertReadableAndLabelled(String page) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Map<String, Object> contrast = (Map<String, Object>) js.executeScript(CONTRAST_SCRIPT);
        List<Object> failures = (List<Object>) contrast.get("failures");
        long checked = ((Number) contrast.get("checked")).longValue();
        assertTrue(checked >= 5, page + ": only " + checked + " texts found to check");
        assertEquals(List.of(), failures, page + ": texts below the WCAG contrast minimum (4.5:1, large text 3:1)");

        List<Map<String, Object>> controls = (List<Map<String, Object>>) js.executeScript(LABELS_SCRIPT);
        for (Map<String, Object> control : controls) {
            String id = String.valueOf(control.get("id"));
            assertFalse(String.valueOf(control.get("label")).isBlank(), page + ": " + id + " has no label, aria-label or aria-labelledby");
            // and Chromium's accessibility tree gives it a name
            String name = ((WebElement) control.get("element")).getAccessibleName();
            assertFalse(name == null || name.isBlank(), page + ": " + id + " has no accessible name in Chromium");
        }
        System.out.printf("contrast %s: %d texts checked, %d form controls labelled%n", page, checked, controls.size());
        return (int) checked;
    }

    @Test
    @Order(13)
    void everyViewsTextMeetsTheWcagContrastMinimumAndEveryFieldHasALabel() throws Exception {
        open("#/wake", "Wake");
        click("#sign-out");
        find("#sign-in");
        // the checks can fail: a grey text on white (2.8:1) and a field without label, added for a moment, are caught
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("const p = document.createElement('p'); p.id = 'probe-text'; p.style.color = '#999999'; p.style.background = '#fff';"
                + "p.textContent = 'probe'; const i = document.createElement('input'); i.id = 'probe-input';"
                + "document.getElementById('sign-in').append(p, i);");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> caught = (List<Map<String, Object>>) ((Map<String, Object>) js.executeScript(CONTRAST_SCRIPT)).get("failures");
        assertEquals(List.of("p#probe-text"), caught.stream().map(f -> f.get("element")).toList(), caught.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) js.executeScript(LABELS_SCRIPT);
        assertEquals(List.of("probe-input"), fields.stream().filter(f -> String.valueOf(f.get("label")).isBlank()).map(f -> f.get("id")).toList());
        js.executeScript("document.getElementById('probe-text').remove(); document.getElementById('probe-input').remove();");
        assertReadableAndLabelled("sign-in");
        signIn(new String[] {"admin", "not-the-password"});
        waitForText("#sign-in-message", "Wrong user name or password", 10);
        assertReadableAndLabelled("sign-in with its problem");
        signIn(ADMIN);
        waitForText("main h1", "Wake", 15);   // signed out on Wake, signed in on Wake
        open("#/agents", "Agents");
        searchAgents("127.90.");
        waitForText(row(subnet(1).cidr().toString()) + " td[data-col='state']", "healthy", 15);
        assertReadableAndLabelled("agents");
        click("#add-subnet");
        type("#add-subnet-cidr", "127.90.3.1/24");
        confirmDialog();
        waitForText("dialog[open] .field-error[data-for='subnet']", "127.90.3.1/24", 10);
        assertReadableAndLabelled("agents, add-subnet dialog with its problem");
        cancelDialog();

        open("#/wake", "Wake");
        find("#jobs-table tbody tr[data-job]");
        assertReadableAndLabelled("wake");
        open("#/jobs/" + cancelledJob, "Wake job " + cancelledJob);
        waitForText("#job-state", "cancelled", 10);
        find("#targets-table tbody tr[data-state='skipped']");
        assertReadableAndLabelled("cancelled job");
        open("#/manager", "Agent State Manager");
        find("#poll-history tbody tr[data-poll]");
        assertReadableAndLabelled("agent state manager");
        open("#/boundaries", "Boundaries");
        find("#boundaries-table tr[data-boundary='" + BOUNDARY + "']");
        assertReadableAndLabelled("boundaries");
        open("#/inventory", "Inventory");
        type("#field-name", "PC-127-90-1-*");
        click("#machine-search button[type=submit]");
        find("#machines-table tbody tr[data-machine]");
        assertReadableAndLabelled("inventory");
        open("#/settings", "Settings");
        type("#setting-pingCount", "0");
        click("#save-settings");
        find(".field-error[data-for='pingCount'] .field-message");
        assertReadableAndLabelled("settings with a refused value");
        // the audit trail: the wake the console started (test 5) is there, found by its kind
        open("#/audit", "Audit");
        find("#audit-table tbody tr[data-audit]");
        new org.openqa.selenium.support.ui.Select(find("#field-kind")).selectByValue("wake-requested");
        click("#audit-apply");
        waitForText("#audit-table tbody tr[data-kind='wake-requested']", "wake-requested", 10);
        assertTrue(browser.findElements(By.cssSelector("#audit-table tbody tr[data-audit]:not([data-kind='wake-requested'])")).isEmpty(),
                "only the kind asked for");
        assertReadableAndLabelled("audit");
        open("#/identities", "Identities");
        find("#tokens-table tbody tr");
        find("#keys-table tbody tr[data-key]");
        find("#identities-table tbody tr");
        assertReadableAndLabelled("identities");
        // the dashboard, with its data tables open (its charts with this run's data: test 18)
        open("#/dashboard", "Dashboard");
        awaitDashboard();
        openDataTables();
        assertReadableAndLabelled("dashboard");
        // the schedules: the list, a refused cron expression next to its field, the preview, the once form, a schedule's page
        long schedule = createSchedule(RUN + "-contrast", "\"cron\":\"0 6 * * *\",\"timeZone\":\"America/New_York\"");
        try {
            open("#/schedules", "Schedules");
            find("#schedules-table tr[data-schedule='" + schedule + "']");
            find("#windows-table tbody tr");
            type("#field-cron", "0 25 * * *");
            find("#schedule-form .field-error[data-for='cron'] .field-message");
            assertReadableAndLabelled("schedules with a refused cron expression");
            type("#field-cron", "@daily");
            await(10).until(d -> d.findElements(By.cssSelector("#schedule-preview-firings li")).size() == 5);
            assertReadableAndLabelled("schedules with a preview");
            click("#mode-at");
            find("#field-at");
            assertReadableAndLabelled("schedules, once");
            open("#/schedules/" + schedule, "Schedule " + RUN + "-contrast");
            await(10).until(d -> d.findElements(By.cssSelector("#next-firings li")).size() == 10);
            find("#firings-table tbody tr");
            assertReadableAndLabelled("schedule");
        } finally {
            assertEquals(204, delete("/api/schedules/" + schedule, ADMIN).status());
        }

        // the Content-Security-Policy: every view above ran without a violation; an inline style, added for a moment, is one
        assertEquals(cspReportsBefore, countInServerLog("REVEILLE00168"), "no view violated the console's Content-Security-Policy");
        // (the server logs at most 10 reports a minute: a class that sent many just before may hold the log shut until
        // the minute ends, so the probe is repeated for up to 75 s)
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(75);
        for (int probe = 0; countInServerLog("REVEILLE00168") == cspReportsBefore && java.time.Instant.now().isBefore(deadline); probe++) {
            js.executeScript("const d = document.createElement('div'); d.id = 'csp-probe-" + probe + "'; d.setAttribute('style', 'color: red');"
                    + "document.body.append(d);");
            java.time.Instant next = java.time.Instant.now().plusSeconds(15);
            while (countInServerLog("REVEILLE00168") == cspReportsBefore && java.time.Instant.now().isBefore(next)) {
                Thread.sleep(200);
            }
            js.executeScript("document.getElementById('csp-probe-" + probe + "').remove();");
        }
        assertTrue(countInServerLog("REVEILLE00168") > cspReportsBefore, "the browser reported the inline style, and the server logged it");
    }

    @Test
    @Order(14)
    void theKeyboardAloneOpensTheAgentsViewAndFiltersIt() throws Exception {
        open("#/wake", "Wake");
        // the view's heading has the focus; backwards through the header to the navigation
        await(10).until(d -> "h1".equals(d.switchTo().activeElement().getTagName()));
        WebElement agentsLink = find("#nav-list a[href='#/agents']");
        org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(browser);
        int presses = 0;
        while (!browser.switchTo().activeElement().equals(agentsLink)) {
            assertTrue(++presses <= 12, "Shift+Tab did not reach the navigation's Agents entry; focus on "
                    + browser.switchTo().activeElement().getAttribute("outerHTML"));
            keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        }
        assertEquals("solid", agentsLink.getCssValue("outline-style"), "the keyboard focus is visible");
        assertEquals("3px", agentsLink.getCssValue("outline-width"), "the keyboard focus is visible");
        keys.sendKeys(Keys.ENTER).perform();
        waitForText("main h1", "Agents", 10);
        assertTrue(browser.getCurrentUrl().endsWith("#/agents"), browser.getCurrentUrl());
        await(10).until(d -> "h1".equals(d.switchTo().activeElement().getTagName()));

        // forwards from the heading into the search field
        presses = 0;
        while (!"field-q".equals(browser.switchTo().activeElement().getAttribute("id"))) {
            assertTrue(++presses <= 12, "Tab did not reach the search field; focus on " + browser.switchTo().activeElement().getAttribute("outerHTML"));
            keys.sendKeys(Keys.TAB).perform();
        }
        String search = find("#field-q").getCssValue("outline-style");
        assertEquals("solid", search, "the keyboard focus is visible on the search field");
        String cidr = subnet(2).cidr().toString();
        keys.keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys("127.90.2").perform();
        await(10).until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#agents-table tbody tr"));
            return rows.size() == 1 && cidr.equals(rows.get(0).getAttribute("data-subnet"));
        });
        waitForText("#agents-summary", "of 1 subnet matching the filter", 5);
        assertEquals("127.90.2", find("#field-q").getAttribute("value"));
        screenshot("agents-keyboard");
    }

    @Test
    @Order(15)
    void theConsoleWorksOverHttpsWithTheServersOwnConfiguration() throws Exception {
        String https = "https://127.0.0.1:" + ItPorts.HTTPS;
        browser.get(https + "/");
        find("#sign-in");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertTrue(browser.getCurrentUrl().startsWith(https + "/ui/"), browser.getCurrentUrl());
        assertEquals("https:", js.executeScript("return location.protocol"));
        assertEquals(Boolean.TRUE, js.executeScript("return window.isSecureContext"));
        signIn(OPERATOR);
        waitForText("main h1", "Dashboard", 15);
        awaitDashboard();
        click("#nav-list a[href='#/agents']");
        waitForText("main h1", "Agents", 15);
        searchAgents("127.90.");
        for (int n = 1; n <= 3; n++) {
            String cidr = subnet(n).cidr().toString();
            find(row(cidr));
            waitForText(row(cidr) + " td[data-col='state']", "healthy", 15);
        }
        waitForText(row(subnet(1).cidr().toString()) + " td[data-col='primary']", agents(1).get(0).name(), 10);
        screenshot("agents-https");
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) js.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/api/'))");
        assertFalse(calls.isEmpty(), "the view called the API");
        for (String call : calls) {
            assertTrue(call.startsWith(https + "/api/"), "every API call goes over HTTPS: " + call);
        }
    }


    /** The agent identities (as admin) whose token is the one given, polled until there is one. */
    private static JsonObject awaitIdentityOf(String tokenId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonObject> all = List.of();
        while (Instant.now().isBefore(deadline)) {
            all = get("/api/agent-identities?limit=1000", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class);
            JsonObject found = all.stream().filter(i -> tokenId.equals(i.getString("token", null))).findFirst().orElse(null);
            if (found != null) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no agent enrolled with token " + tokenId + " within " + timeout + "; identities: " + all);
    }

    @Test
    @Order(16)
    void anAdministratorCreatesAnEnrollmentTokenSeesItOnceAnAgentEnrollsWithItAndBothAreRevokedInTheIdentitiesView() throws Exception {
        // signed in afresh, as admin, on the plain HTTP address (test 15 used HTTPS, as operator)
        JavascriptExecutor js = signInAfresh(ADMIN);
        click("#nav-list a[href='#/identities']");
        waitForText("main h1", "Identities", 15);
        // every Content-Security-Policy violation on this page from now on, as the browser reports it
        js.executeScript("window.__cspViolations = []; document.addEventListener('securitypolicyviolation',"
                + " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));");

        // the server keys as the API lists them, the newest one signing
        List<JsonObject> keys = get("/api/server-keys", ADMIN).jsonValue().asJsonArray().getValuesAs(JsonObject.class);
        assertFalse(keys.isEmpty(), "the server made its first key when it started");
        waitForText("#keys-table tr[data-key='" + keys.get(0).getJsonNumber("id") + "'] td[data-col='state']", "signing", 10);
        assertEquals(keys.size(), browser.findElements(By.cssSelector("#keys-table tbody tr[data-key]")).size());

        // a bad value: the API's message next to its field
        type("#field-uses", "0");
        click("#create-token");
        waitForText("#token-form .field-error[data-for='uses']", "between 1 and", 10);
        assertEquals("true", find("#field-uses").getAttribute("aria-invalid"));

        // a token for 3 agents: shown once, in the read-only field, with the warning
        String description = TOKEN_DESCRIPTION + " " + System.nanoTime();
        type("#field-validHours", "2");
        type("#field-uses", "3");
        type("#field-description", description);
        click("#create-token");
        WebElement shown = find("#new-token-text");
        await(10).until(d -> !shown.getDomProperty("value").isEmpty());
        String token = shown.getDomProperty("value");
        assertTrue(token.matches("[^.]+\\.[A-Za-z0-9_-]{43}"), token);
        String id = token.substring(0, token.indexOf('.'));
        String secret = token.substring(id.length() + 1);
        assertEquals("true", String.valueOf(shown.getDomProperty("readOnly")), "the token's field is read-only");
        waitForText("#new-token", "it will not be shown again", 5);
        waitForText("#new-token h3", "Enrollment token " + id, 5);
        assertNull(find("#field-uses").getAttribute("aria-invalid"), "the field's problem is gone");
        assertEquals(1L, js.executeScript("return [...document.querySelectorAll('input, textarea')].filter(e => e.value.includes(arguments[0])).length", secret),
                "the secret is in the token's field only");
        assertEquals(Boolean.FALSE, js.executeScript("return document.documentElement.outerHTML.includes(arguments[0])", secret), "nor anywhere in the page");
        String tokenRow = "#tokens-table tr[data-token='" + id + "']";
        waitForText(tokenRow + " td[data-col='state']", "active", 10);
        waitForText(tokenRow + " td[data-col='uses']", "0 / 3", 5);
        waitForText(tokenRow, description, 5);
        Reply listed = get("/api/enrollment-tokens", ADMIN);
        assertFalse(listed.body().contains(secret), "the API's list never carries the secret");
        JsonObject created = listed.jsonValue().asJsonArray().getValuesAs(JsonObject.class).stream()
                .filter(t -> id.equals(t.getString("id"))).findFirst().orElseThrow(() -> new AssertionError("token " + id + " not listed: " + listed.body()));
        assertEquals(3, created.getInt("maxUses"), created.toString());
        assertEquals(description, created.getString("description"), created.toString());
        assertEquals("admin", created.getString("createdBy"), created.toString());
        click("#copy-token");
        waitForText("#copy-status", "Copied to the clipboard.", 5);
        screenshot("identities-new-token");
        assertReadableAndLabelled("identities with a new token");

        // an agent enrolls with the token as the view showed it; its identity is listed, live
        enrolled = FleetSimulator.start(FleetConfig.builder()
                .subnets(1).firstSubnet(Ipv4Address.parse(ENROLLED_SUBNET)).agentsPerSubnet(1).sleepingPerSubnet(0)
                .server("127.0.0.1", ItPorts.SERVER).agentPort(ItPorts.AGENT).enrollmentToken(token)
                .wolPort(ItPorts.of(24911)).probePort(ItPorts.of(24912)).build());
        SimulatedMachine agent = enrolled.subnets().get(0).machines(SimulatedMachine.Kind.AGENT).get(0);
        JsonObject identity = awaitIdentityOf(id, Duration.ofSeconds(30));
        String identityRow = "#identities-table tr[data-identity='" + identity.getJsonNumber("id") + "']";
        new org.openqa.selenium.support.ui.Select(find("#field-state")).selectByValue("live");
        waitForText(identityRow + " td[data-col='state']", "live", 10);
        waitForText(identityRow, agent.name(), 5);
        waitForText(identityRow, agent.mac().toString(), 5);
        waitForText(identityRow, agent.ip().toString(), 5);
        waitForText(identityRow, id, 5);

        // revoked from the view, with a reason
        click(identityRow + " button[data-action='revoke-identity']");
        waitForText("dialog[open] h2", "Revoke the identity of " + agent.name(), 5);
        assertReadableAndLabelled("identities, revoke dialog");
        type("dialog[open] #field-reason", "ConsoleIT: a lost laptop");
        confirmDialog();
        waitForText("#identities-message", "is revoked", 10);
        // the filter still says "live": the revoked identity has left the list; under "revoked" it is there, with its reason
        await(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(identityRow), 0));
        new org.openqa.selenium.support.ui.Select(find("#field-state")).selectByValue("revoked");
        waitForText(identityRow + " td[data-col='state']", "revoked", 10);
        waitForText(identityRow + " td[data-col='state']", "ConsoleIT: a lost laptop", 5);
        assertTrue(browser.findElements(By.cssSelector(identityRow + " button")).isEmpty(), "a revoked identity offers no Revoke");
        JsonObject revokedIdentity = get("/api/agent-identities/" + identity.getJsonNumber("id"), ADMIN).json();
        assertEquals("revoked", revokedIdentity.getString("state"), revokedIdentity.toString());
        assertEquals("admin", revokedIdentity.getString("revokedBy"), revokedIdentity.toString());
        assertEquals("ConsoleIT: a lost laptop", revokedIdentity.getString("revokeReason"), revokedIdentity.toString());

        // the token, used once, is revoked in its list after a confirmation
        click(tokenRow + " button[data-action='revoke-token']");
        waitForText("dialog[open] h2", "Revoke enrollment token " + id, 5);
        confirmDialog();
        waitForText(tokenRow + " td[data-col='state']", "revoked", 10);
        waitForText(tokenRow + " td[data-col='uses']", "1 / 3", 5);
        waitForText("#tokens-message", "Enrollment token " + id + " revoked.", 5);
        assertTrue(browser.findElements(By.cssSelector(tokenRow + " button")).isEmpty(), "a revoked token offers no Revoke");
        JsonObject revokedToken = get("/api/enrollment-tokens", ADMIN).jsonValue().asJsonArray().getValuesAs(JsonObject.class).stream()
                .filter(t -> id.equals(t.getString("id"))).findFirst().orElseThrow();
        assertEquals("revoked", revokedToken.getString("state"), revokedToken.toString());

        // a key rotation asks first, and says what the overlap means; cancelled, nothing changes
        type("#field-overlapHours", "240");
        click("#rotate-key");
        waitForText("dialog[open]", "for 240 hours", 5);
        waitForText("dialog[open] #rotate-warning", "must enroll again", 5);
        assertReadableAndLabelled("identities, rotation confirmation");
        cancelDialog();
        assertEquals(keys.size(), get("/api/server-keys", ADMIN).jsonValue().asJsonArray().size(), "no rotation");
        screenshot("identities");

        @SuppressWarnings("unchecked")
        List<Object> violations = (List<Object>) js.executeScript("return window.__cspViolations");
        assertEquals(List.of(), violations, "the Identities view ran within the Content-Security-Policy");

        // hidden, the token is gone from the page; and the view, opened again, has no way to show it
        click("#hide-token");
        await(5).until(ExpectedConditions.invisibilityOfElementLocated(By.id("new-token")));
        String inPage = "return [...document.querySelectorAll('input, textarea')].some(e => e.value.includes(arguments[0]))"
                + " || document.documentElement.outerHTML.includes(arguments[0])";
        assertEquals(Boolean.FALSE, js.executeScript(inPage, secret), "hidden, the token is nowhere in the page");
        browser.navigate().refresh();
        waitForText("main h1", "Identities", 15);
        waitForText(tokenRow + " td[data-col='state']", "revoked", 10);
        assertFalse(browser.findElement(By.id("new-token")).isDisplayed(), "no token shown");
        assertEquals(Boolean.FALSE, js.executeScript(inPage, secret), "opened again, the view shows the token nowhere");
    }

    /** A schedule of SCHEDULE_MAC created through the REST API as admin; when: its "cron"/"at" and "timeZone" members. */
    private static long createSchedule(String name, String when) {
        Reply created = post("/api/schedules", "{\"name\":\"" + name + "\",\"macs\":[\"" + SCHEDULE_MAC + "\"]," + when + "}", ADMIN);
        assertEquals(201, created.status(), created.body());
        return created.json().getJsonNumber("id").longValue();
    }

    /** The schedule or window of that name, as the API lists it to user. */
    private static JsonObject named(String list, String name, String[] user) {
        Reply page = get("/api/" + list + "?limit=1000", user);
        assertEquals(200, page.status(), page.body());
        return page.json().getJsonArray("items").getValuesAs(JsonObject.class).stream().filter(x -> name.equals(x.getString("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + list + " named " + name + ": " + page.body()));
    }

    private static List<String> attributes(String css, String attribute) {
        return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getDomAttribute(attribute)).toList();
    }

    @Test
    @Order(17)
    void anOperatorPreviewsCreatesRunsPausesResumesAndDeletesAScheduleAndAddsAndDeletesAMaintenanceWindow() throws Exception {
        String name = RUN + "-mornings";
        String collection = RUN + "-lab";
        String window = RUN + "-nights";
        assertEquals(201, put("/api/collections/" + collection, "{\"members\":[\"" + RUN + "-pc1\"]}", INVENTORY).status());
        long cspReports = countInServerLog("REVEILLE00168");
        // signed in afresh, as operator
        JavascriptExecutor js = signInAfresh(OPERATOR);
        js.executeScript("window.__cspViolations = []; document.addEventListener('securitypolicyviolation',"
                + " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));");
        assertTrue(navEntries().contains("Schedules"), navEntries().toString());
        click("#nav-list a[href='#/schedules']");
        waitForText("main h1", "Schedules", 15);

        // a bad cron expression: while typing, the API's message, with its position, next to the field, and no preview
        String refusedJson = "{\"name\":\"x\",\"macs\":[\"" + SCHEDULE_MAC + "\"],\"cron\":\"0 25 * * *\",\"timeZone\":\"Europe/Berlin\"}";
        Reply refused = post("/api/schedules/preview?count=5", refusedJson, OPERATOR);
        assertEquals(400, refused.status(), refused.body());
        String apiMessage = refused.json().getJsonArray("errors").getJsonObject(0).getString("message");
        assertTrue(apiMessage.startsWith("position 3: hour 25"), apiMessage);
        type("#field-name", name);
        type("#field-macs", SCHEDULE_MAC);
        type("#field-timeZone", "Europe/Berlin");
        find("#field-timeZone").sendKeys(Keys.ESCAPE);
        type("#field-cron", "0 25 * * *");
        waitForText("#schedule-form .field-error[data-for='cron']", apiMessage, 10);
        assertEquals("true", find("#field-cron").getAttribute("aria-invalid"));
        assertTrue(browser.findElements(By.cssSelector("#schedule-preview-firings li")).isEmpty(), "no preview of a refused expression");
        assertTrue(browser.findElements(By.cssSelector("#schedules-table tr[data-name='" + name + "']")).isEmpty(), "nothing stored");

        // fixed: the message goes, the next 5 firings are shown, at 06:00 in Berlin, as the API computes them
        type("#field-cron", "0 6 * * *");
        await(10).until(d -> d.findElements(By.cssSelector("#schedule-preview-firings li")).size() == 5);
        assertFalse(browser.findElement(By.cssSelector("#schedule-form .field-error[data-for='cron']")).isDisplayed(), "the cron message is gone");
        assertNull(find("#field-cron").getAttribute("aria-invalid"));
        waitForText("#schedule-preview-title", "Europe/Berlin", 5);
        List<String> previewed = post("/api/schedules/preview?count=5", refusedJson.replace("0 25 * * *", "0 6 * * *"), OPERATOR).json()
                .getJsonArray("firings").getValuesAs(JsonObject.class).stream().map(f -> f.getString("at")).toList();
        assertEquals(previewed, attributes("#schedule-preview-firings li", "data-at"));
        for (WebElement firing : browser.findElements(By.cssSelector("#schedule-preview-firings li"))) {
            assertTrue(firing.getText().contains("06:00") && firing.getText().contains("T06:00+0"), firing.getText());
        }

        // created: in the table with its next firing, in Berlin time and as the instant the API has
        click("#create-schedule");
        waitForText("#schedule-form-message", "Schedule “" + name + "” created", 10);
        JsonObject created = named("schedules", name, OPERATOR);
        long id = created.getJsonNumber("id").longValue();
        assertEquals("operator", created.getString("createdBy"), created.toString());
        assertEquals(List.of(SCHEDULE_MAC), created.getJsonArray("macs").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList(), created.toString());
        assertFalse(created.containsKey("names") || created.containsKey("collections"), "empty target lists are left out: " + created);
        assertEquals("0 6 * * *", created.getString("cron"), created.toString());
        assertEquals("Europe/Berlin", created.getString("timeZone"), created.toString());
        assertEquals("PT15M", created.getString("grace"), created.toString());
        assertEquals(previewed.get(0), created.getString("nextFiringAt"), "the preview's first firing is the schedule's next");
        String row = "#schedules-table tr[data-schedule='" + id + "']";
        waitForText(row + " td[data-col='state']", "active", 10);
        waitForText(row + " td[data-col='when']", "0 6 * * *", 5);
        waitForText(row + " td[data-col='zone']", "Europe/Berlin", 5);
        waitForText(row + " td[data-col='next']", "06:00", 5);
        assertEquals(created.getString("nextFiringAt"), find(row + " td[data-col='next'] time").getDomAttribute("datetime"));
        waitForText(row + " td[data-col='last']", "not yet", 5);
        assertEquals("", find("#field-name").getDomProperty("value"), "the form is emptied for the next one");
        js.executeScript("window.scrollTo(0, 0)");
        screenshot("schedules");

        // its page: the next 10 firings, each 06:00 in Berlin with its offset
        click(row + " th a");
        waitForText("main h1", "Schedule " + name, 10);
        await(10).until(d -> d.findElements(By.cssSelector("#next-firings li")).size() == 10);
        List<String> next = get("/api/schedules/" + id + "/next?count=10", OPERATOR).json().getJsonArray("firings")
                .getValuesAs(JsonObject.class).stream().map(f -> f.getString("at")).toList();
        assertEquals(next, attributes("#next-firings li", "data-at"));
        for (WebElement firing : browser.findElements(By.cssSelector("#next-firings li"))) {
            assertTrue(firing.getText().contains("T06:00+0"), firing.getText());
        }
        waitForText("#schedule-state", "active", 5);
        waitForText("#firings-table tbody", "No firing yet.", 5);

        // run now: the job's link at once, then a firing "fired" with the job, which finishes (the MAC is in no inventory)
        click("#run-schedule");
        waitForText("#run-result", "Run now", 10);
        String jobHref = find("#run-result a").getDomAttribute("href");
        assertTrue(jobHref.matches("#/jobs/\\d+"), jobHref);
        long job = Long.parseLong(jobHref.substring("#/jobs/".length()));
        String firing = "#firings-table tbody tr[data-job='" + job + "']";
        waitForText(firing + " td[data-col='outcome']", "fired", 10);
        assertEquals(jobHref, find(firing + " td[data-col='job'] a").getDomAttribute("href"));
        waitForText(firing + " td.reason", "run now by operator", 5);
        waitForText(firing + " td[data-col='job-state']", "done", 30);
        waitForText("#schedule-last", "fired", 10);
        JsonObject jobView = get("/api/jobs/" + job, OPERATOR).json();
        assertEquals("schedule", jobView.getString("source"), jobView.toString());
        assertEquals(id, jobView.getJsonNumber("schedule").longValue(), jobView.toString());
        waitForText("#schedule-facts", "15 min", 5);   // the grace period, PT15M
        js.executeScript("window.scrollTo(0, 0)");
        screenshot("schedule");
        assertReadableAndLabelled("schedule with a firing");

        // paused: no next firing; resumed: the same next firing again
        click("#pause-schedule");
        waitForText("#schedule-state", "paused", 10);
        waitForText("#schedule-next", "none (paused)", 5);
        await(10).until(d -> d.findElements(By.cssSelector("#next-firings li")).isEmpty());
        waitForText("#next-firings-note", "paused", 10);
        assertFalse(browser.findElement(By.id("pause-schedule")).isDisplayed(), "a paused schedule offers no Pause");
        JsonObject paused = get("/api/schedules/" + id, OPERATOR).json();
        assertEquals("paused", paused.getString("state"), paused.toString());
        assertFalse(paused.containsKey("nextFiringAt"), paused.toString());
        click("#resume-schedule");
        waitForText("#schedule-state", "active", 10);
        await(10).until(d -> d.findElements(By.cssSelector("#next-firings li")).size() == 10);
        waitForText("#schedule-next", "06:00", 5);
        assertFalse(browser.findElement(By.id("resume-schedule")).isDisplayed(), "an active schedule offers no Resume");
        assertEquals("active", get("/api/schedules/" + id, OPERATOR).json().getString("state"));

        // deleted after a confirmation: back to the list, which no longer has it; its job stays
        click("#delete-schedule");
        waitForText("dialog[open] h2", "Delete schedule “" + name + "”?", 5);
        assertReadableAndLabelled("schedule, delete confirmation");
        confirmDialog();
        await(10).until(d -> d.getCurrentUrl().endsWith("#/schedules"));
        waitForText("main h1", "Schedules", 10);
        waitForText("#schedules-message", "Schedule “" + name + "” deleted.", 5);
        find("#schedules-table tbody tr");
        assertTrue(browser.findElements(By.cssSelector(row)).isEmpty(), "the deleted schedule is not listed");
        assertEquals(404, get("/api/schedules/" + id, OPERATOR).status());
        assertEquals(200, get("/api/jobs/" + job, OPERATOR).status(), "its job stays");

        // a maintenance window for the collection: a bad duration named next to its field, then added and deleted
        type("#window-name", window);
        type("#window-collection", collection);
        find("#window-collection").sendKeys(Keys.ESCAPE);
        type("#window-cron", "0 22 * * MON-FRI");
        type("#window-timeZone", "Europe/Berlin");
        find("#window-timeZone").sendKeys(Keys.ESCAPE);
        type("#window-durationMinutes", "0");
        new org.openqa.selenium.support.ui.Select(find("#window-rule")).selectByValue("refuse");
        click("#add-window");
        waitForText("#window-form .field-error[data-for='durationMinutes']", "between 1 and", 10);
        assertEquals("true", find("#window-durationMinutes").getAttribute("aria-invalid"));
        type("#window-durationMinutes", "240");
        click("#add-window");
        waitForText("#windows-message", "Maintenance window “" + window + "” added to " + collection, 10);
        JsonObject added = named("windows", window, OPERATOR);
        assertEquals(collection, added.getString("collection"), added.toString());
        assertEquals("refuse", added.getString("rule"), added.toString());
        assertEquals(240, added.getInt("durationMinutes"), added.toString());
        String windowRow = "#windows-table tr[data-window='" + added.getJsonNumber("id") + "']";
        waitForText(windowRow + " td[data-col='collection']", collection, 10);
        waitForText(windowRow + " td[data-col='cron']", "0 22 * * MON-FRI", 5);
        waitForText(windowRow + " td[data-col='duration']", "240 min", 5);
        waitForText(windowRow + " td[data-col='rule']", "refuse", 5);
        waitForText(windowRow + " td[data-col='open']", added.getBoolean("openNow") ? "open" : "closed", 5);
        assertEquals(added.getString("nextOpening"), find(windowRow + " td[data-col='next'] time").getDomAttribute("datetime"));
        assertNull(find("#window-durationMinutes").getAttribute("aria-invalid"), "the field's problem is gone");
        screenshot("schedules-window");
        assertReadableAndLabelled("schedules with a maintenance window");
        click(windowRow + " button[data-action='delete-window']");
        waitForText("dialog[open] h2", "Delete maintenance window “" + window + "”?", 5);
        confirmDialog();
        await(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(windowRow), 0));
        waitForText("#windows-message", "Maintenance window “" + window + "” deleted.", 5);
        assertEquals(404, get("/api/windows/" + added.getJsonNumber("id"), OPERATOR).status());
        assertEquals(204, delete("/api/collections/" + collection, ADMIN).status());

        @SuppressWarnings("unchecked")
        List<Object> violations = (List<Object>) js.executeScript("return window.__cspViolations");
        assertEquals(List.of(), violations, "the Schedules view ran within the Content-Security-Policy");
        assertEquals(cspReports, countInServerLog("REVEILLE00168"), "no Content-Security-Policy report reached the server");
    }

    // --- the Dashboard (test 18) ---

    /** What a chart of the Dashboard shows: its state (ready, empty), its data table's rows (raw values) and its marks. */
    private record Drawn(String state, List<List<String>> rows, long marks) {
    }

    private static final List<String> COVERAGE_SERIES = List.of("primaryAndAlternate", "oneAgent", "none", "unreachable");
    private static final List<String> OUTCOMES = List.of("sent", "awake", "failed", "skipped", "not-confirmed");
    /** The latency buckets' upper bounds as the view's table keys them ("slower": beyond the last). */
    private static final List<String> BUCKETS = List.of("5", "15", "30", "60", "120", "300", "600", "1800", "3600", "slower");

    /** A chart as the page shows it: the box's data-state, each data-table row's cells' data-value, the SVG marks. */
    @SuppressWarnings("unchecked")
    private static Drawn shown(String chart) {
        Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                "const card = document.getElementById(arguments[0]);"
                        + "return { state: card.dataset.state, marks: card.querySelectorAll('svg .mark').length,"
                        + "  rows: [...card.querySelectorAll('details.chart-data tbody tr')].map(tr => [...tr.children].map(c => c.dataset.value)) };",
                "chart-" + chart);
        return new Drawn((String) m.get("state"), ((List<List<Object>>) m.get("rows")).stream().map(r -> r.stream().map(String::valueOf).toList()).toList(),
                ((Number) m.get("marks")).longValue());
    }

    private static List<JsonObject> items(String path) {
        Reply reply = get(path, OPERATOR);
        assertEquals(200, reply.status(), path + ": " + reply.body());
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    /** The coverage of the span the chart shows (its data-from and data-to), as the chart should draw it. */
    private static Drawn coverageAsTheApiHasIt(int days) {
        WebElement card = browser.findElement(By.id("chart-coverage"));
        String from = card.getDomAttribute("data-from");
        String to = card.getDomAttribute("data-to");
        assertEquals(Duration.ofDays(days), Duration.between(Instant.parse(from), Instant.parse(to)), from + " to " + to);
        List<JsonObject> points = get("/api/insight/coverage?from=" + from + "&to=" + to, OPERATOR).json().getJsonArray("points").getValuesAs(JsonObject.class);
        if (points.stream().allMatch(p -> p.getInt("subnets") == 0)) {
            return new Drawn("empty", List.of(), 0);
        }
        return new Drawn("ready", points.stream().map(p -> Stream.of(Stream.of(p.getString("hour"), String.valueOf(p.getInt("subnets"))),
                        COVERAGE_SERIES.stream().map(k -> String.valueOf(p.getInt(k))), Stream.of(String.valueOf(p.getInt("agents"))))
                .flatMap(x -> x).toList()).toList(),
                points.stream().mapToLong(p -> COVERAGE_SERIES.stream().filter(k -> p.getInt(k) > 0).count()).sum());
    }

    /** Per day with jobs, the targets by outcome and their total; a mark per day and outcome with targets. */
    private static Drawn outcomesAsTheApiHasThem(int days) {
        Map<String, Map<String, Long>> perDay = new java.util.TreeMap<>();
        for (JsonObject item : items("/api/insight/outcomes?days=" + days)) {
            perDay.computeIfAbsent(item.getString("day"), d -> new java.util.HashMap<>())
                    .merge(item.getString("outcome"), item.getJsonNumber("targets").longValue(), Long::sum);
        }
        if (perDay.isEmpty()) {
            return new Drawn("empty", List.of(), 0);
        }
        return new Drawn("ready", perDay.entrySet().stream().map(e -> Stream.of(Stream.of(e.getKey()),
                        OUTCOMES.stream().map(o -> String.valueOf(e.getValue().getOrDefault(o, 0L))),
                        Stream.of(String.valueOf(OUTCOMES.stream().mapToLong(o -> e.getValue().getOrDefault(o, 0L)).sum())))
                .flatMap(x -> x).toList()).toList(),
                perDay.values().stream().mapToLong(d -> OUTCOMES.stream().filter(o -> d.getOrDefault(o, 0L) > 0).count()).sum());
    }

    /** Per bucket, the targets sent and awake within it; a mark per kind and bucket with targets. */
    private static Drawn latencyAsTheApiHasIt(int days) {
        List<JsonObject> items = items("/api/insight/latency?days=" + days);
        if (items.isEmpty()) {
            return new Drawn("empty", List.of(), 0);
        }
        Map<String, Long> counts = new java.util.HashMap<>();
        for (JsonObject item : items) {
            String bucket = item.containsKey("upToSeconds") ? String.valueOf(item.getInt("upToSeconds")) : "slower";
            counts.merge(item.getString("kind") + " " + bucket, item.getJsonNumber("targets").longValue(), Long::sum);
        }
        return new Drawn("ready", BUCKETS.stream().map(b -> List.of(b, String.valueOf(counts.getOrDefault("sent " + b, 0L)),
                        String.valueOf(counts.getOrDefault("awake " + b, 0L)))).toList(),
                counts.values().stream().filter(n -> n > 0).count());
    }

    /** The subnets with their failed targets, most first; a bar each. */
    private static Drawn failingSubnetsAsTheApiHasThem(int days) {
        List<JsonObject> items = items("/api/insight/failing-subnets?days=" + days + "&limit=10");
        if (items.isEmpty()) {
            return new Drawn("empty", List.of(), 0);
        }
        return new Drawn("ready", items.stream().map(i -> List.of(i.getString("subnet"), String.valueOf(i.getJsonNumber("failed").longValue()))).toList(),
                items.stream().filter(i -> i.getJsonNumber("failed").longValue() > 0).count());
    }

    /**
     * Asserts that the chart shows what the API answers now: the same state, data-table rows and mark count. The API is
     * asked again until they agree, for at most 75 s (a sample of a new hour may land between the view's read and the
     * test's; the view reads again every minute).
     */
    private static Drawn assertDrawnAsTheApiHasIt(String chart, java.util.function.Supplier<Drawn> api) {
        Drawn[] last = new Drawn[2];
        try {
            await(75).until(d -> {
                last[0] = api.get();
                last[1] = shown(chart);
                return last[0].equals(last[1]);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            assertEquals(last[0], last[1], chart + ": the chart and its table as the insight API has them");
        }
        return last[1];
    }

    /** A column of a chart's table rows, as numbers. */
    private static long sum(Drawn drawn, int column) {
        return drawn.rows().stream().mapToLong(r -> Long.parseLong(r.get(column))).sum();
    }

    private static void screenshotOf(String css, String name) throws IOException {
        WebElement element = find(css);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", element);
        Files.write(SCREENSHOTS.resolve(name + ".png"), element.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    /** The whole page in one screenshot: the window is made as tall as the page for it. */
    private static void screenshotOfThePage(String name) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        org.openqa.selenium.Dimension size = browser.manage().window().getSize();
        long page = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        long frame = size.getHeight() - ((Number) js.executeScript("return window.innerHeight")).longValue();
        try {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) (page + frame)));
            js.executeScript("window.scrollTo(0, 0)");
            screenshot(name);
        } finally {
            browser.manage().window().setSize(size);
        }
    }

    @Test
    @Order(18)
    void theDashboardDrawsThisRunsWakesAndCoverageAsTheInsightApiHasThem() throws Exception {
        // this run's history: a wake that fails (its subnet has no agent) and a verified wake that is answered (an agent's
        // machine is on: the probe, a connection to its agent port, is answered); with the wakes of tests 5 and 17 and
        // the coverage the server samples every hour (the first time 30 s after its start)
        String lonely = RUN + "-lonely";
        SimulatedMachine answering = agents(1).get(1);
        assertEquals(200, put("/api/settings", "{\"wakeDiscoveryWaitSeconds\":1}", ADMIN).status());
        try {
            assertEquals(200, put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"" + lonely + "\",\"name\":\"" + lonely
                    + "\",\"chassis\":\"workstation\",\"nics\":[{\"mac\":\"02:90:08:00:00:0a\",\"ip\":\"127.90.8.10\",\"subnet\":\"" + NO_AGENT_SUBNET
                    + "\"}]}]}", INVENTORY).status());
            Reply failing = post("/api/wake", "{\"resourceIds\":[\"" + lonely + "\"]}", OPERATOR);
            assertEquals(202, failing.status(), failing.body());
            Reply verified = post("/api/wake", "{\"names\":[\"" + answering.name() + "\"],\"verify\":true}", OPERATOR);
            assertEquals(202, verified.status(), verified.body());
            JsonObject failed = awaitResource("/api/jobs/" + failing.json().getJsonNumber("jobId"), Duration.ofSeconds(90),
                    j -> "done".equals(j.getString("state")));
            assertEquals(1, failed.getJsonObject("counts").getInt("failed"), failed.toString());
            JsonObject awake = awaitResource("/api/jobs/" + verified.json().getJsonNumber("jobId"), Duration.ofSeconds(90),
                    j -> "done".equals(j.getString("state")));
            assertEquals(1, awake.getJsonObject("counts").getInt("awake"), awake.toString());
        } finally {
            put("/api/settings", "{\"wakeDiscoveryWaitSeconds\":" + originalSettings.get("wakeDiscoveryWaitSeconds") + "}", ADMIN);
        }
        awaitResource("/api/insight/failing-subnets?days=2&limit=100", Duration.ofSeconds(30), f -> f.getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().anyMatch(i -> NO_AGENT_SUBNET.equals(i.getString("subnet"))));
        awaitResource("/api/insight/coverage", Duration.ofSeconds(90), c -> !c.getJsonArray("points").isEmpty());

        // signed in afresh, as operator: the Dashboard is the first view, every console message and policy violation noted
        long cspReports = countInServerLog("REVEILLE00168");
        browser.get(BASE + "/ui/");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        find("#sign-in");
        browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER);   // (read: what came before is left out)
        js.executeScript("window.__cspViolations = []; document.addEventListener('securitypolicyviolation',"
                + " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));");
        signIn(OPERATOR);
        waitForText("main h1", "Dashboard", 15);
        assertTrue(browser.getCurrentUrl().endsWith("#/dashboard"), browser.getCurrentUrl());
        assertEquals("Dashboard", find("#nav-list a[aria-current='page']").getText());
        awaitDashboard();
        assertEquals("30", new org.openqa.selenium.support.ui.Select(find("#field-days")).getFirstSelectedOption().getDomAttribute("value"));

        // each chart draws, mark for mark and row for row, what the API has for the last 30 days
        Drawn coverage = assertDrawnAsTheApiHasIt("coverage", () -> coverageAsTheApiHasIt(30));
        Drawn outcomes = assertDrawnAsTheApiHasIt("outcomes", () -> outcomesAsTheApiHasThem(30));
        Drawn latency = assertDrawnAsTheApiHasIt("latency", () -> latencyAsTheApiHasIt(30));
        Drawn failingSubnets = assertDrawnAsTheApiHasIt("failing-subnets", () -> failingSubnetsAsTheApiHasThem(30));
        System.out.printf("dashboard: coverage %s, %d samples, %d marks; outcomes %d days, %d marks; latency %d marks; failing subnets %d%n",
                coverage.state(), coverage.rows().size(), coverage.marks(), outcomes.rows().size(), outcomes.marks(), latency.marks(),
                failingSubnets.rows().size());
        // this run's wakes are there: the failed one, the one answered, and the sent ones
        assertTrue(outcomes.marks() > 0 && sum(outcomes, 1 + OUTCOMES.indexOf("failed")) >= 1 && sum(outcomes, 1 + OUTCOMES.indexOf("awake")) >= 1,
                outcomes.toString());
        List<List<String>> reasons = ((List<?>) js.executeScript("return [...document.querySelectorAll('#failed-reasons tbody tr')]"
                + ".map(tr => [...tr.children].map(c => c.dataset.value))")).stream().map(r -> ((List<?>) r).stream().map(String::valueOf).toList()).toList();
        Map<String, Long> failedByReason = items("/api/insight/outcomes?days=30").stream().filter(i -> "failed".equals(i.getString("outcome")))
                .collect(Collectors.groupingBy(i -> i.getString("reason"), java.util.TreeMap::new, Collectors.summingLong(i -> i.getJsonNumber("targets").longValue())));
        assertEquals(failedByReason.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> List.of(e.getKey(), String.valueOf(e.getValue()))).toList(), reasons, "the failed targets by reason");
        assertTrue(failedByReason.getOrDefault("no-agent", 0L) >= 1, failedByReason.toString());
        assertTrue(latency.marks() > 0 && sum(latency, 1) >= 1 && sum(latency, 2) >= 1, "sent and awake times: " + latency);
        assertTrue(failingSubnets.marks() > 0 && failingSubnets.rows().stream().anyMatch(r -> r.get(0).equals(NO_AGENT_SUBNET)), failingSubnets.toString());
        assertTrue(String.valueOf(js.executeScript("return document.querySelector('#chart-failing-subnets svg').textContent")).contains(NO_AGENT_SUBNET),
                "the subnet's label is drawn");
        // the coverage: its bars, or (when every sample of the span had an empty agent list) the message saying so
        if ("ready".equals(coverage.state())) {
            assertTrue(coverage.marks() > 0, coverage.toString());
            find("#chart-coverage .legend");
        } else {
            waitForText("#chart-coverage .chart-empty", "No data yet", 5);
        }
        // every chart has a heading and is an image with a name, or says it has no data
        for (String chart : DASHBOARD_CHARTS) {
            find("#chart-" + chart + " h2");
            for (WebElement image : browser.findElements(By.cssSelector("#chart-" + chart + " svg"))) {
                assertEquals("img", image.getDomAttribute("role"), chart);
                assertFalse(image.getAccessibleName().isBlank(), chart + " has an accessible name");
                assertTrue(image.findElements(By.cssSelector("desc")).size() == 1, chart + " has a description");
            }
        }
        assertTrue(find("#chart-outcomes svg").getAccessibleName().startsWith("Wake outcomes per day"), find("#chart-outcomes svg").getAccessibleName());
        assertEquals(2, browser.findElements(By.cssSelector("#chart-latency svg")).size(), "a histogram for sent and one for awake");
        screenshotOf("#chart-coverage", "dashboard-coverage");
        screenshotOf("#chart-outcomes", "dashboard-outcomes");
        screenshotOf("#chart-latency", "dashboard-latency");
        screenshotOf("#chart-failing-subnets", "dashboard-failing-subnets");
        screenshotOfThePage("dashboard");

        // a data table, opened from the keyboard, shows the numbers to everyone
        WebElement summary = find("#chart-outcomes details.chart-data summary");
        summary.sendKeys(Keys.ENTER);
        await(5).until(d -> d.findElement(By.cssSelector("#chart-outcomes details.chart-data tbody tr")).isDisplayed());

        // 7 days: every chart reads its API again for the new span
        new org.openqa.selenium.support.ui.Select(find("#field-days")).selectByValue("7");
        await(15).until(d -> DASHBOARD_CHARTS.stream().allMatch(c -> "7".equals(d.findElement(By.id("chart-" + c)).getDomAttribute("data-days"))));
        Map.of("outcomes", "/api/insight/outcomes?days=7", "latency", "/api/insight/latency?days=7",
                "failing-subnets", "/api/insight/failing-subnets?days=7&limit=10").forEach((chart, path) ->
                assertEquals(get(path, OPERATOR).json().getString("from"), find("#chart-" + chart).getDomAttribute("data-from"), chart));
        assertDrawnAsTheApiHasIt("coverage", () -> coverageAsTheApiHasIt(7));
        assertDrawnAsTheApiHasIt("outcomes", () -> outcomesAsTheApiHasThem(7));
        assertDrawnAsTheApiHasIt("latency", () -> latencyAsTheApiHasIt(7));
        assertDrawnAsTheApiHasIt("failing-subnets", () -> failingSubnetsAsTheApiHasThem(7));
        assertTrue(find("#chart-outcomes details.chart-data").getDomProperty("open").equals("true"), "the open table stays open");

        // the coverage's CSV is the API's for the span on screen
        Path csv = Path.of("target", "downloads", "reveille-coverage-7-days.csv");
        Files.deleteIfExists(csv);
        click("#coverage-csv");
        await(15).until(d -> Files.exists(csv));
        WebElement coverageCard = find("#chart-coverage");
        Reply expected = get("/api/insight/coverage?format=csv&from=" + coverageCard.getDomAttribute("data-from") + "&to="
                + coverageCard.getDomAttribute("data-to"), OPERATOR);
        assertEquals(200, expected.status(), expected.body());
        await(5).until(d -> {
            try {
                return Files.readString(csv).equals(expected.body());
            } catch (IOException e) {
                return false;   // still being written
            }
        });
        assertTrue(expected.body().startsWith("hour,subnets,primaryAndAlternate,oneAgent,none,unreachable,agents"), expected.body());

        // readable and labelled, with every table open
        openDataTables();
        assertReadableAndLabelled("dashboard with this run's data");

        // read again within a minute, by itself
        js.executeScript("performance.clearResourceTimings()");
        await(75).until(d -> ((Number) js.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/insight/outcomes?days=7')).length")).intValue() >= 1);

        // no console error, no Content-Security-Policy violation
        List<String> messages = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() || e.getMessage().contains("refresh failed"))
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
        assertEquals(List.of(), messages, "the browser's console while the Dashboard ran");
        @SuppressWarnings("unchecked")
        List<Object> violations = (List<Object>) js.executeScript("return window.__cspViolations");
        assertEquals(List.of(), violations, "the Dashboard ran within the Content-Security-Policy");
        assertEquals(cspReports, countInServerLog("REVEILLE00168"), "no Content-Security-Policy report reached the server");
    }
    /** Paired subnets (issue 16): an administrator pairs a subnet and imports pairs; a wake's target lists its paths. */
    @Test
    @Order(19)
    void anAdministratorPairsASubnetAndImportsPairsAndAWakeShowsItsPaths() throws Exception {
        String first = subnet(1).cidr().toString();
        String second = subnet(2).cidr().toString();
        try {
            adminOnTheAgentsView();
            // a bad entry: the API's message next to the dialog's field, nothing stored
            click(row(first) + " button[data-action='pairs']");
            type("#pairs-list", "127.90.201.0/24\nnonsense");
            confirmDialog();
            waitForText("dialog[open] .field-error[data-for='paired']", "nonsense", 10);
            type("#pairs-list", "127.90.201.0/24\n127.90.202.0/25");
            // and the server sends itself when no agent can (no effect here: the subnet's agents answer)
            new org.openqa.selenium.support.ui.Select(find("#server-direct")).selectByValue("when-no-agent");
            confirmDialog();
            waitForText(row(first) + " td[data-col='paired']", "127.90.202.0/25", 15);
            waitForText(".messages", "is paired with 127.90.201.0/24, 127.90.202.0/25", 5);
            waitForText(row(first) + " td[data-col='paired'] [data-server-direct]", "when no agent", 15);
            assertEquals("when-no-agent", get("/api/subnet-policies?subnet=" + first, ADMIN).json().getJsonArray("items").getJsonObject(0)
                    .getString("serverDirect"));
            screenshot("agents-paired");

            // a wake of a machine there: the job's target lists its own subnet's broadcast and both pairs'
            SimulatedMachine target = sleepers(1).get(0);
            Reply wake = post("/api/wake", "{\"names\":[\"" + target.name() + "\"]}", OPERATOR);
            assertEquals(202, wake.status(), wake.body());
            long job = wake.json().getJsonNumber("jobId").longValue();
            awaitResource("/api/jobs/" + job, Duration.ofSeconds(60), j -> "done".equals(j.getString("state")));
            open("#/jobs/" + job, "Wake job " + job);
            waitForText("#targets-table td[data-col='paths']", "127.90.202.127", 15);
            assertEquals(List.of("subnet", "paired", "paired"), attributes("#targets-table td[data-col='paths'] li[data-sent='true']", "data-path"));
            screenshot("job-paths");

            // an import with a bad row names it and imports nothing; the corrected file is imported
            Path bad = Files.writeString(Path.of("target", "console-pairs-bad.csv"),
                    "subnet,paired\n" + second + ",127.90.203.0/24\n" + second + ",not-a-subnet\n");
            Path good = Files.writeString(Path.of("target", "console-pairs-good.csv"),
                    "subnet,paired\n" + second + ",127.90.203.0/24\n" + second + ",127.90.204.0/24\n");
            open("#/agents", "Agents");
            click("#import-pairs");
            find("#pairs-file").sendKeys(bad.toAbsolutePath().toString());
            confirmDialog();
            waitForText("dialog[open] .problem", "row 3", 10);
            assertEquals(List.of(), strings(get("/api/subnet-pairs?subnet=" + second, ADMIN).json().getJsonArray("items").getJsonObject(0), "paired"),
                    "nothing of the bad file imported");
            find("#pairs-file").sendKeys(good.toAbsolutePath().toString());
            confirmDialog();
            waitForText(".messages", "Imported 2 pair(s) for 1 subnet(s)", 10);
            searchAgents("127.90.");
            waitForText(row(second) + " td[data-col='paired']", "127.90.204.0/24", 15);
            assertReadableAndLabelled("agents with paired subnets");
        } finally {
            put("/api/subnet-pairs", "{\"subnet\":\"" + first + "\",\"paired\":[]}", ADMIN);
            put("/api/subnet-pairs", "{\"subnet\":\"" + second + "\",\"paired\":[]}", ADMIN);
            put("/api/subnet-policies", "{\"subnet\":\"" + first + "\",\"serverDirect\":\"never\"}", ADMIN);
        }
    }

    @Test
    @Order(20)
    void anAdministratorPinsADedicatedAgentAndTheAgentsViewShowsIt() throws Exception {
        String third = subnet(3).cidr().toString();
        String kiosk = subnet(3).machines(SimulatedMachine.Kind.AGENT).get(1).ip().toString();
        try {
            adminOnTheAgentsView();
            // an address outside the subnet: the API's message next to the field, nothing stored
            click(row(third) + " button[data-action='dedicated']");
            type("#dedicated-list", "127.91.3.7");
            confirmDialog();
            waitForText("dialog[open] .field-error[data-for='agents']", "is not in " + third, 10);
            type("#dedicated-list", kiosk);
            confirmDialog();
            waitForText(".messages", kiosk + " is the dedicated agent of " + third + "; no other agent holds a role.", 10);
            // the agent list follows: the dedicated agent is the Primary, marked so; nobody else holds a role
            waitForText(row(third) + " td[data-col='primary'][data-dedicated='true']", kiosk, 30);
            waitForText(row(third) + " td[data-col='alternate']", "one dedicated agent, no stand-ins", 30);
            assertEquals(List.of(kiosk), strings(get("/api/subnet-policies?subnet=" + third, ADMIN).json().getJsonArray("items").getJsonObject(0),
                    "dedicatedAgents"));
            screenshot("agents-dedicated");
            assertReadableAndLabelled("agents with a dedicated agent");
        } finally {
            put("/api/subnet-policies/dedicated-agents", "{\"subnet\":\"" + third + "\",\"agents\":[]}", ADMIN);
        }
    }

    /** A subnet of its own for the IPv6 test (21), outside the console fleet's boundary: no agent runs there. */
    private static final String IPV6_SUBNET = "127.85.201.0/24";
    /** A machine the inventory knows by its IPv6 address only (test 21); pushed again, not added, by a later run. */
    private static final String IPV6_MACHINE = "R-console-it-ipv6-only";
    private static final String IPV6_MACHINE_NAME = "V6-CONSOLE-IT-21";
    private static final String IPV6_MAC = "02:85:c9:00:00:21";
    private static final String IPV6_ADDRESS = "fd7f:55:c9::21";
    /** The IPv6 prefix boundary test 21 adds and removes. */
    private static final String IPV6_BOUNDARY = "2001:db8:85::/48";

    /** The violation messages of a 400 answer, in order. */
    private static List<String> violationMessages(Reply refused) {
        assertEquals(400, refused.status(), refused.body());
        return refused.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream().map(e -> e.getString("message")).toList();
    }

    /**
     * IPv6 (issue 16, item 4): an administrator sets the IPv6 prefixes of a subnet's link in the Agents view (a bad
     * prefix is answered next to the dialog's field, nothing stored), and the list shows them with their source; the
     * Inventory view shows an adapter known by its IPv6 address only; a boundary that is an IPv6 prefix is added, shown
     * as kind prefix6 and among the merged ranges, and removed.
     */
    @Test
    @Order(21)
    void anAdministratorSetsTheIpv6PrefixesOfASubnetAndTheInventoryAndBoundariesShowIpv6() throws Exception {
        String ula = "fd7f:55:c9::/64";
        String global = "2001:db8:85:c9::/64";
        String boundaryRow = "#boundaries-table tr[data-boundary='" + IPV6_BOUNDARY + "']";
        try {
            Reply added = post("/api/subnets", "{\"subnet\":\"" + IPV6_SUBNET + "\"}", ADMIN);
            assertEquals(201, added.status(), added.body());
            Reply pushed = put("/api/inventory/machines", "{\"machines\":[{\"resourceId\":\"" + IPV6_MACHINE + "\",\"name\":\""
                    + IPV6_MACHINE_NAME + "\",\"chassis\":\"laptop\",\"nics\":[{\"mac\":\"" + IPV6_MAC + "\",\"ipv6\":\"" + IPV6_ADDRESS + "\"}]}]}", ADMIN);
            assertEquals(200, pushed.status(), pushed.body());
            // what the API answers to a link-local prefix and to one with host bits: the dialog shows the same
            List<String> refusals = violationMessages(put("/api/subnets/ipv6-prefixes",
                    "{\"subnet\":\"" + IPV6_SUBNET + "\",\"prefixes\":[\"fe80::/64\",\"2001:db8:85:c9::1/64\"]}", ADMIN));
            assertEquals(2, refusals.size(), refusals.toString());

            signInAfresh(ADMIN);
            open("#/agents", "Agents");
            searchAgents("127.85.201.");
            find(row(IPV6_SUBNET));
            assertTrue(browser.findElements(By.cssSelector(row(IPV6_SUBNET) + " [data-prefix]")).isEmpty(), "no IPv6 prefix known yet");
            click(row(IPV6_SUBNET) + " button[data-action='ipv6']");
            type("#ipv6-prefixes-list", "fe80::/64\n2001:db8:85:c9::1/64");
            confirmDialog();
            for (String refusal : refusals) {
                waitForText("dialog[open] .field-error[data-for='prefixes']", refusal, 10);
            }
            assertEquals("true", find("#ipv6-prefixes-list").getAttribute("aria-invalid"));
            assertReadableAndLabelled("the IPv6 prefixes dialog with the API's refusal");
            assertTrue(get("/api/subnets/ipv6-prefixes?subnet=" + IPV6_SUBNET, ADMIN).json().getJsonArray("items").isEmpty(),
                    "nothing of the bad list stored");

            type("#ipv6-prefixes-list", ula + "\n" + global);
            confirmDialog();
            await(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog[open]"), 0));
            waitForText(".messages", "The IPv6 link of " + IPV6_SUBNET + " has", 10);
            for (String prefix : List.of(ula, global)) {
                String item = row(IPV6_SUBNET) + " td[data-col='paired'] li[data-prefix='" + prefix + "']";
                waitForText(item, prefix + " (admin)", 15);
                assertEquals("admin", find(item).getAttribute("data-source"));
            }
            List<JsonObject> stored = get("/api/subnets/ipv6-prefixes?subnet=" + IPV6_SUBNET, ADMIN).json().getJsonArray("items")
                    .getValuesAs(JsonObject.class);
            assertEquals(List.of(global, ula), stored.stream().map(p -> p.getString("prefix")).sorted().toList(), stored.toString());
            assertTrue(stored.stream().allMatch(p -> "admin".equals(p.getString("source")) && IPV6_SUBNET.equals(p.getString("subnet"))),
                    stored.toString());
            screenshot("agents-ipv6");
            assertReadableAndLabelled("agents with IPv6 prefixes");

            // the dialog opens with the link's prefixes: saving it unchanged keeps them
            click(row(IPV6_SUBNET) + " button[data-action='ipv6']");
            String shown = find("#ipv6-prefixes-list").getAttribute("value");
            assertEquals(List.of(global, ula), Stream.of(shown.split("\\s+")).sorted().toList(), shown);
            cancelDialog();

            // the inventory: the adapter known by its IPv6 address only, in the list and on the machine's page
            open("#/inventory", "Inventory");
            searchMachines(IPV6_MACHINE_NAME, 1);
            waitForText("#machines-table tr[data-machine='" + IPV6_MACHINE + "'] [data-mac='" + IPV6_MAC + "'] [data-ipv6]", IPV6_ADDRESS, 10);
            screenshot("inventory-ipv6");
            click("#machines-table tr[data-machine='" + IPV6_MACHINE + "'] a");
            waitForText("main h1", IPV6_MACHINE_NAME, 10);
            waitForText("#nics-table tr[data-mac='" + IPV6_MAC + "'] td[data-col='ipv6']", IPV6_ADDRESS, 5);
            assertReadableAndLabelled("a machine with an IPv6-only adapter");

            // a boundary that is an IPv6 prefix: a bad one answered next to the field, a good one shown as prefix6
            List<String> badBoundary = violationMessages(post("/api/boundaries",
                    "{\"subnet\":\"2001:db8:85::1/48\",\"source\":\"" + SOURCE + "\"}", ADMIN));
            open("#/boundaries", "Boundaries");
            type("#field-value", "2001:db8:85::1/48");
            type("#field-source", SOURCE);
            click("#add-boundary");
            waitForText("#boundary-form .field-error[data-for='value']", badBoundary.get(0), 10);
            type("#field-value", IPV6_BOUNDARY);
            click("#add-boundary");
            waitForText(boundaryRow + " td[data-col='kind']", "prefix6", 10);
            waitForText("#merged", IPV6_BOUNDARY, 5);
            List<String> merged = browser.findElements(By.cssSelector("#merged li")).stream().map(WebElement::getText).toList();
            int firstIpv6 = merged.indexOf(merged.stream().filter(m -> m.contains(":")).findFirst().orElseThrow());
            assertTrue(merged.indexOf(IPV6_BOUNDARY) >= firstIpv6 && merged.subList(firstIpv6, merged.size()).stream().allMatch(m -> m.contains(":")),
                    "IPv6 prefixes come after the IPv4 ranges: " + merged);
            assertTrue(get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .anyMatch(b -> IPV6_BOUNDARY.equals(b.getString("subnet", "")) && "prefix6".equals(b.getString("kind"))));
            screenshot("boundaries-ipv6");
            assertReadableAndLabelled("boundaries with an IPv6 prefix");
            click(boundaryRow + " button");
            confirmDialog();
            await(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(boundaryRow), 0));
            assertFalse(get("/api/boundaries", ADMIN).body().contains(IPV6_BOUNDARY));
        } finally {
            get("/api/boundaries", ADMIN).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(b -> IPV6_BOUNDARY.equals(b.getString("subnet", "")))
                    .forEach(b -> delete("/api/boundaries/" + b.getJsonNumber("id"), ADMIN));
            put("/api/subnets/ipv6-prefixes", "{\"subnet\":\"" + IPV6_SUBNET + "\",\"prefixes\":[]}", ADMIN);
            removeSubnets(IPV6_SUBNET.replace("0/24", ""));
        }
    }

    /** A new session of {@code user}: the console loaded afresh, its session storage cleared, signed in, on the Dashboard. */
    private static JavascriptExecutor signInAfresh(String[] user) {
        browser.get(BASE + "/ui/");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        find("#sign-in");
        signIn(user);
        waitForText("main h1", "Dashboard", 15);
        return js;
    }

    /** An administrator's new session on the Agents view, narrowed to the console fleet's subnets. */
    private static void adminOnTheAgentsView() {
        signInAfresh(ADMIN);
        open("#/agents", "Agents");
        searchAgents("127.90.");
    }

    private static List<String> strings(JsonObject object, String name) {
        return object.getJsonArray(name).getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }
}
