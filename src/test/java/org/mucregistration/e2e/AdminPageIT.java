package org.mucregistration.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mucregistration.admin.AdminConsoleBrowser;
import org.mucregistration.admin.XmppTestClient;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.admin.XmppTestClient.has;

/**
 * The admin console's Reserved Nicknames page in a real browser (headless Chromium from Debian, driven by Selenium)
 * against a real Openfire with the plugin jar: log in, find the page under Group Chat, add a reservation (an occupant
 * using the nickname is kicked, the room told), see a conflict refused, search, change and remove a reservation, see
 * markup in a nickname shown as text, see invalid input refused, and check that forged or GET requests change nothing
 * and that every change is in the admin audit log. Screenshots are kept in {@code target/screenshots/}.
 *
 * <p>Skipped, saying so, without {@code OPENFIRE_HOME}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPageIT {
    static final String SKIP = "the admin page browser tests need OPENFIRE_HOME (an Openfire 5.x "
        + "distribution); set it to run them against a real Openfire";
    static final String ROOM = "lobby";
    static final String ROOM_JID = ROOM + "@conference." + OpenfireServer.DOMAIN;
    static final String ROMEO = "user@" + OpenfireServer.DOMAIN;
    static final String JULIET = "user2@" + OpenfireServer.DOMAIN;
    static final String ROSALINE = "user3@" + OpenfireServer.DOMAIN;
    static final String XSS = "<script>alert(1)</script>";
    static final Duration XMPP_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension().skipMessage(SKIP);

    static AdminConsoleBrowser browser;
    static ReservationsPageInBrowser page;
    static XmppTestClient romeo;
    static XmppTestClient juliet;

    @BeforeAll
    static void start() throws Exception {
        if (!openfire.isRunning()) {
            return; // no Openfire: every test is skipped
        }
        final OpenfireServer server = openfire.server();
        // Romeo creates the room (persistent) and stays in it as its owner; Juliet is in it as "Rosaline".
        romeo = XmppTestClient.login(OpenfireServer.DOMAIN, server.clientPort(), "user", "password", "orchard");
        romeo.send("<presence to='" + ROOM_JID + "/Romeo'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        romeo.await("the room's creation", s -> has(s, "code", "201"), XMPP_TIMEOUT);
        romeo.send("<iq type='set' id='config1' to='" + ROOM_JID + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>"
            + "http://jabber.org/protocol/muc#roomconfig</value></field><field var='muc#roomconfig_persistentroom'>"
            + "<value>1</value></field></x></query></iq>");
        romeo.await("the room configuration's result", s -> s.startsWith("<iq") && s.contains("config1")
            && s.contains("result"), XMPP_TIMEOUT);
        juliet = XmppTestClient.login(OpenfireServer.DOMAIN, server.clientPort(), "user2", "password", "balcony");
        juliet.send("<presence to='" + ROOM_JID + "/Rosaline'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        juliet.await("her own presence in the room", s -> s.startsWith("<presence") && s.contains(ROOM_JID + "/Rosaline")
            && has(s, "code", "110"), XMPP_TIMEOUT);
        browser = AdminConsoleBrowser.start(server.adminUrl());
        page = new ReservationsPageInBrowser(browser);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {browser, romeo, juliet}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing " + c + ": " + e);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------- tests

    @Test
    @Order(1)
    void theAdminFindsThePageUnderGroupChat() throws Exception {
        browser.open("/plugins/mucregistration/mucregistration-reservations.jsp");
        assertTrue(driver().getCurrentUrl().contains("login.jsp"), "the page is admin-only: " + driver().getCurrentUrl());

        browser.login(OpenfireServer.ADMIN_USER, OpenfireServer.ADMIN_PASSWORD);
        browser.clickToNextPage(browser.await(By.linkText("Group Chat")));
        browser.clickToNextPage(browser.await(By.linkText("Reserved Nicknames")));
        browser.await(By.id("mucregistration-add"));

        assertTrue(driver().getTitle().contains("Reserved Nicknames"), driver().getTitle());
        assertEquals("conference." + OpenfireServer.DOMAIN,
            new Select(driver().findElement(By.id("mucregistration-service"))).getFirstSelectedOption().getText());
        assertEquals(0, rows().size());
        assertTrue(text(By.id("mucregistration-summary")).contains("Reservations found in conference.localhost: 0."),
            text(By.id("mucregistration-summary")));
    }

    @Test
    @Order(2)
    void addingAReservationKicksTheOccupantUsingItAndTellsTheRoom() throws Exception {
        add(ROOM, ROSALINE, "Rosaline");

        assertEquals(List.of("success:Reserved the nickname Rosaline for " + ROSALINE + " in " + ROOM_JID + ". "
            + ROSALINE + " had no affiliation with the room and is now a member.",
            "info:The nickname Rosaline was in use in the room by another user: 1 occupant(s) removed from the room "
            + "(\"This nickname is reserved\")."), messages());
        final ReservationsPageInBrowser.Row row = row(ROSALINE);
        assertEquals(List.of(ROOM_JID, ROSALINE, "Rosaline", "Member", "No"),
            List.of(row.room, row.jid, row.nick, row.affiliation, row.inRoom));

        // Juliet, who was in the room as "Rosaline", is removed from it with the reason.
        final String kicked = juliet.await("her removal from the room", s -> s.startsWith("<presence")
            && has(s, "type", "unavailable"), XMPP_TIMEOUT);
        assertTrue(kicked.contains("307") && kicked.contains("This nickname is reserved"), kicked);
        // Romeo, a moderator (who may see real JIDs), is told Rosaline is now a member: she is not in the room.
        final String notice = romeo.await("the out-of-room affiliation notice", s -> s.startsWith("<message")
            && s.contains(ROSALINE) && s.contains("member"), XMPP_TIMEOUT);
        assertTrue(notice.contains("http://jabber.org/protocol/muc#user"), notice);
        screenshot("admin-page-added");
    }

    @Test
    @Order(3)
    void aReservationForSomeoneInTheRoomShowsThemThereAndRepublishesThem() throws Exception {
        romeo.forget();
        add(ROOM, ROMEO, "Romeo");
        assertEquals("success", messages().get(0).split(":")[0], messages().toString());
        final ReservationsPageInBrowser.Row row = row(ROMEO);
        assertEquals(List.of("Romeo", "Owner", "Yes, as Romeo"), List.of(row.nick, row.affiliation, row.inRoom));
        final String presence = romeo.await("his presence re-published", s -> s.startsWith("<presence")
            && s.contains(ROOM_JID + "/Romeo") && s.contains("owner"), XMPP_TIMEOUT);
        assertFalse(presence.contains("unavailable"), presence);
    }

    @Test
    @Order(4)
    void aNicknameReservedByAnotherUserIsRefused() throws Exception {
        final int before = total();
        add(ROOM, JULIET, "ROSALINE");
        assertEquals(List.of("error:The nickname ROSALINE is already reserved in this room by " + ROSALINE
            + ". Nothing was changed."), messages());
        assertEquals(before, total());
        assertTrue(rows().stream().noneMatch(r -> r.jid.equals(JULIET)));
        assertEquals("ROSALINE", driver().findElement(By.id("mucregistration-add-nick")).getAttribute("value"),
            "what was typed is kept");
        screenshot("admin-page-conflict");
    }

    @Test
    @Order(5)
    void invalidInputIsRefusedWithAMessageAndChangesNothing() throws Exception {
        final int before = total();
        add(ROOM, "bad jid@localhost", "Juliet");
        assertEquals(List.of("error:bad jid@localhost is not a valid JID (user@domain). Nothing was changed."),
            messages());
        add(ROOM, JULIET, "");
        assertEquals(List.of("error:Please give a nickname."), messages());
        add(ROOM, JULIET, "Jul\u200Biet");
        // (the zero-width space is in the message, but WebDriver's visible text leaves it out)
        assertTrue(messages().get(0).matches("error:Jul\\u200B?iet is not a valid nickname .*"), messages().toString());
        add("nosuchroom", JULIET, "Juliet");
        assertEquals(List.of("error:The room nosuchroom@conference.localhost does not exist. Nothing was changed."),
            messages());
        assertEquals(before, total());
    }

    @Test
    @Order(6)
    void searchFindsByJidOrNicknameFragment() throws Exception {
        search("", "ROSA");
        assertEquals(List.of(ROSALINE), rows().stream().map(r -> r.jid).collect(Collectors.toList()));
        search("", "user@");
        assertEquals(List.of(ROMEO), rows().stream().map(r -> r.jid).collect(Collectors.toList()));
        search(ROOM, "");
        assertEquals(2, rows().size());
    }

    @Test
    @Order(7)
    void changingANickname() throws Exception {
        search("", "");
        edit(ROSALINE, "Rosaline Capulet");
        assertEquals(List.of("success:Changed the reserved nickname of " + ROSALINE + " in " + ROOM_JID
            + " from Rosaline to Rosaline Capulet."), messages());
        assertEquals("Rosaline Capulet", row(ROSALINE).nick);

        // Changing to the nickname of another user is refused, and the form stays open with what was typed.
        edit(ROSALINE, "romeo");
        assertEquals(List.of("error:The nickname romeo is already reserved in this room by " + ROMEO
            + ". Nothing was changed."), messages());
        assertEquals("romeo", driver().findElement(By.id("mucregistration-edit-nick")).getAttribute("value"));
        assertEquals("Rosaline Capulet", row(ROSALINE).nick);
    }

    @Test
    @Order(8)
    void markupInANicknameIsShownAsText() throws Exception {
        search("", "");
        add(ROOM, JULIET, XSS);
        assertNoAlert();
        assertEquals("success:Reserved the nickname " + XSS + " for " + JULIET + " in " + ROOM_JID + ". " + JULIET
            + " had no affiliation with the room and is now a member.", messages().get(0));
        assertEquals(XSS, row(JULIET).nick);
        assertTrue(driver().getPageSource().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(driver().findElements(By.xpath("//td[@class='mucregistration-nick']/script")).isEmpty());

        // The edit form and a search for it show it as text too.
        search("", "<script>");
        assertEquals(List.of(JULIET), rows().stream().map(r -> r.jid).collect(Collectors.toList()));
        assertEquals("<script>", driver().findElement(By.id("mucregistration-q")).getAttribute("value"));
        browser.clickToNextPage(row(JULIET).element.findElement(By.className("mucregistration-edit")));
        assertEquals(XSS, browser.await(By.id("mucregistration-edit-nick")).getAttribute("value"));
        assertNoAlert();
        search("", "");
        final Path shot = screenshot("admin-page-reservations");
        System.out.println("Admin page screenshot: " + shot);
    }

    @Test
    @Order(9)
    void removingAReservationKeepsTheAffiliation() throws Exception {
        search("", "");
        final int before = total();
        final String confirm = page.remove(ROSALINE);
        assertTrue(confirm.contains("Rosaline Capulet") && confirm.contains(ROSALINE), confirm);
        assertEquals(List.of("success:Removed the reserved nickname Rosaline Capulet of " + ROSALINE + " in "
            + ROOM_JID + ". The affiliation (member) is unchanged."), messages());
        assertEquals(before - 1, total());
        assertTrue(rows().stream().noneMatch(r -> r.jid.equals(ROSALINE)));

        // Adding her back shows the membership was kept: no "is now a member" this time.
        add(ROOM, ROSALINE, "Rosaline");
        assertEquals("success:Reserved the nickname Rosaline for " + ROSALINE + " in " + ROOM_JID
            + " (affiliation: member).", messages().get(0));
    }

    @Test
    @Order(10)
    void forgedAndGetRequestsChangeNothing() throws Exception {
        final String session = driver().manage().getCookieNamed("JSESSIONID").getValue();
        final String page = "/plugins/mucregistration/mucregistration-reservations.jsp";
        final int before = total();
        final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        // A cross-site POST: the admin's session cookie, but neither our CSRF cookie nor a token.
        final String form = "action=add&service=conference&targetRoom=" + ROOM + "&jid="
            + URLEncoder.encode("forged@localhost", StandardCharsets.UTF_8) + "&nick=Forged&csrf=guess";
        final HttpResponse<String> forged = http.send(HttpRequest.newBuilder(openfire.server().adminUrl().resolve(page))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", "JSESSIONID=" + session)
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, forged.statusCode());
        assertTrue(forged.body().contains("CSRF check failed"), forged.body());

        // A GET with every field, even with a token of the page: not a change.
        browser.open(page);
        final String token = driver().findElement(By.cssSelector("#mucregistration-add input[name=csrf]"))
            .getAttribute("value");
        browser.open(page + "?" + form.replace("csrf=guess", "csrf=" + token));
        assertEquals(List.of("error:Changes must be sent with the forms of this page. Nothing was changed."),
            messages());

        // Without a session: the admin console's login.
        final HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(openfire.server().adminUrl().resolve(page))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("location").orElse("").contains("login.jsp"));

        browser.open(page);
        assertEquals(before, total());
        assertTrue(rows().stream().noneMatch(r -> r.jid.startsWith("forged")));
    }

    @Test
    @Order(11)
    void everyChangeIsInTheAdminAuditLog() {
        browser.open("/security-audit-viewer.jsp");
        final String log = driver().findElement(By.tagName("body")).getText();
        for (String expected : List.of(
            "MUC registration: reserved the nickname 'Rosaline' for " + ROSALINE + " in " + ROOM_JID,
            "MUC registration: reserved the nickname 'Romeo' for " + ROMEO + " in " + ROOM_JID,
            "MUC registration: changed the reserved nickname of " + ROSALINE + " in " + ROOM_JID
                + " from 'Rosaline' to 'Rosaline Capulet'",
            "MUC registration: removed the reserved nickname 'Rosaline Capulet' of " + ROSALINE + " in " + ROOM_JID,
            "MUC registration: reserved the nickname '" + XSS + "' for " + JULIET)) {
            assertTrue(log.contains(expected), "audit log lacks \"" + expected + "\":\n" + log);
        }
        assertFalse(log.contains("forged@localhost"));
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    static ChromeDriver driver() {
        return browser.driver();
    }

    static String text(By by) {
        return page.text(by);
    }

    static void add(String room, String jid, String nick) {
        page.add(room, jid, nick);
    }

    static void edit(String jid, String nick) {
        page.edit(jid, nick);
    }

    static void search(String room, String fragment) {
        page.search(room, fragment);
    }

    static List<String> messages() {
        return page.messages();
    }

    static int total() {
        return page.total();
    }

    static List<ReservationsPageInBrowser.Row> rows() {
        return page.rows();
    }

    static ReservationsPageInBrowser.Row row(String jid) {
        return page.row(jid);
    }

    static void assertNoAlert() {
        assertThrows(NoAlertPresentException.class, () -> driver().switchTo().alert(), "a script of the page ran");
    }

    static Path screenshot(String name) throws IOException {
        return browser.screenshot(BuildOutput.screenshots().resolve(name + ".png"));
    }
}
