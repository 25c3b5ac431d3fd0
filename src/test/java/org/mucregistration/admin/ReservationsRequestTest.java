package org.mucregistration.admin;

import org.mucregistration.openfire.ClusterNodes;

import org.jivesoftware.openfire.muc.Affiliation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mucregistration.openfire.MucFixture;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The servlet side of the page: only a POST with the page's CSRF token changes anything; post/redirect/get. */
class ReservationsRequestTest {
    static final String JULIET = "juliet@example.org";

    AdminMuc muc;
    MucFixture lobby;
    HttpServletRequest request;
    HttpServletResponse response;
    HttpSession session;
    final Map<String, String> params = new HashMap<>();
    final Map<String, Object> sessionAttributes = new HashMap<>();
    String method = "GET";
    Cookie[] cookies;

    @BeforeEach
    void setUp() {
        muc = new AdminMuc();
        lobby = muc.room("conference", "lobby");
        lobby.setAffiliation("romeo@example.org", Affiliation.owner);
        request = mock(HttpServletRequest.class);
        response = mock(HttpServletResponse.class);
        session = mock(HttpSession.class);
        lenient().when(request.getMethod()).thenAnswer(i -> method);
        lenient().when(request.getParameter(anyString())).thenAnswer(i -> params.get(i.<String>getArgument(0)));
        lenient().when(request.getCookies()).thenAnswer(i -> cookies);
        lenient().when(request.getContextPath()).thenReturn("");
        lenient().when(request.getSession()).thenReturn(session);
        lenient().when(request.getSession(false)).thenReturn(session);
        lenient().when(session.getAttribute(anyString())).thenAnswer(i -> sessionAttributes.get(i.<String>getArgument(0)));
        org.mockito.Mockito.doAnswer(i -> sessionAttributes.put(i.getArgument(0), i.getArgument(1)))
            .when(session).setAttribute(anyString(), any());
        org.mockito.Mockito.doAnswer(i -> sessionAttributes.remove(i.<String>getArgument(0)))
            .when(session).removeAttribute(anyString());
    }

    ReservationsView handle() throws Exception {
        return ReservationsRequest.handle(request, response, muc::page);
    }

    /** A GET of the page, then the cookie it set sent back as a browser would. */
    String tokenFromAGet() throws Exception {
        method = "GET";
        final ReservationsView view = handle();
        final ArgumentCaptor<Cookie> cookie = ArgumentCaptor.forClass(Cookie.class);
        verify(response, org.mockito.Mockito.atLeastOnce()).addCookie(cookie.capture());
        final Cookie set = cookie.getValue();
        assertEquals(ReservationsRequest.CSRF_COOKIE, set.getName());
        assertEquals(view.getCsrf(), set.getValue());
        cookies = new Cookie[] {new Cookie(set.getName(), set.getValue())};
        return view.getCsrf();
    }

    void addForm(String csrf) {
        method = "POST";
        params.put("csrf", csrf);
        params.put("action", "add");
        params.put("service", "conference");
        params.put("q", "jul");
        params.put("page", "1");
        params.put("targetRoom", "lobby");
        params.put("jid", JULIET);
        params.put("nick", "Juliet");
    }

    /** The keys of the messages shown, but those about the listing (e.g. "no reservation matches"). */
    static List<String> keys(ReservationsView view) {
        return view.getMessages().stream().map(Message::getKey)
            .filter(k -> !k.startsWith("mucregistration.reservations.list.")).collect(Collectors.toList());
    }

    @Test
    void anUnclusteredServerShowsNoClusterSection() throws Exception {
        final ReservationsView view = handle();
        assertEquals(List.of(), view.getClusterNodes());
        assertTrue(keys(view).stream().noneMatch(k -> k.contains(".cluster.")), keys(view).toString());
    }

    /** Each node that lacks the plugin, runs another version or does not answer is named in a warning. */
    @Test
    void theClusterNodesAreListedAndThoseNotEnforcingAreWarnedAbout() throws Exception {
        muc.clusterNodes = List.of(
            new ClusterNodes.Node("alpha", "id-a", true, "5.1.1", "1.0.0"),
            new ClusterNodes.Node("beta", "id-b", false, "5.1.1", null),
            new ClusterNodes.Node("gamma", "id-c", false, "5.1.1", "0.9.0"),
            new ClusterNodes.Node("delta", "id-d", false, null, null),
            new ClusterNodes.Node("epsilon", "id-e", false, "5.1.1", "1.0.0"));
        final ReservationsView view = handle();
        assertEquals(5, view.getClusterNodes().size());
        final List<String> warnings = view.getMessages().stream().filter(m -> m.getKey().contains(".cluster."))
            .map(m -> m.getType() + ":" + m.getKey() + m.getArgs()).collect(Collectors.toList());
        assertEquals(List.of(
            "warning:mucregistration.reservations.cluster.not-running[beta, id-b]",
            "warning:mucregistration.reservations.cluster.other-version[gamma, id-c, 0.9.0, 1.0.0]",
            "warning:mucregistration.reservations.cluster.no-answer[delta, id-d]"), warnings);
    }

    @Test
    void aGetListsAndHandsOutAnHttpOnlyCsrfCookie() throws Exception {
        muc.reserve("conference", "lobby", JULIET, "Juliet");
        final ReservationsView view = handle();

        assertTrue(view.isAvailable());
        assertEquals(1, view.getListing().getTotal());
        assertNull(view.getEdit());
        assertEquals("", view.getAdd().getJid());
        final ArgumentCaptor<Cookie> cookie = ArgumentCaptor.forClass(Cookie.class);
        verify(response).addCookie(cookie.capture());
        assertTrue(cookie.getValue().isHttpOnly());
        assertEquals("/", cookie.getValue().getPath());
        assertTrue(view.getCsrf().length() >= 32, view.getCsrf());
        assertNotEquals(view.getCsrf(), handle().getCsrf(), "a new token for every page shown");
    }

    @Test
    void aPostWithTheTokenChangesAndRedirectsToTheListingWithTheOutcome() throws Exception {
        addForm(tokenFromAGet());

        assertNull(handle(), "a redirect: nothing to render");

        verify(response).sendRedirect("mucregistration-reservations.jsp?service=conference&q=jul&page=1&size=25");
        assertEquals("Juliet", muc.reservedNick("conference", "lobby", JULIET).orElseThrow());
        assertEquals(1, muc.audit.size());

        // The listing the browser is redirected to shows the outcome, once.
        method = "GET";
        params.clear();
        final ReservationsView after = handle();
        assertEquals(List.of("mucregistration.reservations.result.added-member"), keys(after));
        assertEquals(List.of(), keys(handle()));
    }

    @Test
    void aPostWithoutTheTokenOrWithAnotherChangesNothing() throws Exception {
        tokenFromAGet();
        addForm(null);
        assertEquals(List.of("mucregistration.reservations.error.csrf"), keys(handle()));

        addForm("forged");
        assertEquals(List.of("mucregistration.reservations.error.csrf"), keys(handle()));

        final String token = tokenFromAGet();
        cookies = null; // a cross-site request carries no cookie of ours
        addForm(token);
        assertEquals(List.of("mucregistration.reservations.error.csrf"), keys(handle()));

        assertEquals(0, muc.reservationCount("conference"));
        assertTrue(muc.audit.isEmpty());
        verify(response, never()).sendRedirect(anyString());
    }

    @Test
    void aGetWithAnActionChangesNothingEvenWithTheToken() throws Exception {
        addForm(tokenFromAGet());
        method = "GET";
        final ReservationsView view = handle();
        assertEquals(List.of("mucregistration.reservations.error.post-required"), keys(view));
        assertEquals(0, muc.reservationCount("conference"));
        assertTrue(muc.audit.isEmpty());
    }

    @Test
    void aRefusedPostShowsTheMessageAndWhatWasTyped() throws Exception {
        addForm(tokenFromAGet());
        params.put("jid", "bad jid@example.org");
        params.put("nick", "<script>alert(1)</script>");

        final ReservationsView view = handle();

        assertNotNull(view);
        assertEquals(List.of("mucregistration.reservations.error.jid-invalid"), keys(view));
        assertEquals("bad jid@example.org", view.getAdd().getJid());
        assertEquals("<script>alert(1)</script>", view.getAdd().getNick(), "shown again as typed (the JSP escapes)");
        assertEquals("lobby", view.getAdd().getRoom());
        assertEquals(0, muc.reservationCount("conference"));
        verify(response, never()).sendRedirect(anyString());
    }

    @Test
    void editAndRemove() throws Exception {
        lobby.setAffiliation(JULIET, Affiliation.member);
        muc.reserve("conference", "lobby", JULIET, "Juliet");

        params.put("service", "conference");
        params.put("edit", JULIET);
        params.put("editRoom", "lobby");
        final ReservationsView editing = handle();
        assertEquals("Juliet", editing.getEdit().getNick());
        assertEquals("lobby", editing.getEdit().getRoom());

        final String token = tokenFromAGet();
        params.clear();
        method = "POST";
        params.putAll(Map.of("csrf", token, "action", "edit", "service", "conference", "targetRoom", "lobby",
            "jid", JULIET, "nick", "Jules"));
        assertNull(handle());
        assertEquals("Jules", muc.reservedNick("conference", "lobby", JULIET).orElseThrow());

        params.put("action", "remove");
        assertNull(handle());
        assertTrue(muc.reservedNick("conference", "lobby", JULIET).isEmpty());
        assertEquals(Affiliation.member, lobby.affiliationOf(new org.xmpp.packet.JID(JULIET)));
        assertEquals(2, muc.audit.size());
    }

    @Test
    void aRefusedEditKeepsTheEditFormOpen() throws Exception {
        lobby.setAffiliation(JULIET, Affiliation.member);
        muc.reserve("conference", "lobby", JULIET, "Juliet");
        muc.reserve("conference", "lobby", "romeo@example.org", "Romeo");
        final String token = tokenFromAGet();
        method = "POST";
        params.putAll(Map.of("csrf", token, "action", "edit", "service", "conference", "targetRoom", "lobby",
            "jid", JULIET, "nick", "romeo"));
        final ReservationsView view = handle();
        assertEquals(List.of("mucregistration.reservations.error.nick-taken"), keys(view));
        assertEquals("romeo", view.getEdit().getNick());
        assertEquals("Juliet", muc.reservedNick("conference", "lobby", JULIET).orElseThrow());
    }

    @Test
    void anUnknownActionChangesNothing() throws Exception {
        addForm(tokenFromAGet());
        params.put("action", "drop");
        assertEquals(List.of("mucregistration.reservations.error.unknown-action"), keys(handle()));
        assertEquals(0, muc.reservationCount("conference"));
    }

    @Test
    void withoutThePluginThePageSaysSo() throws Exception {
        final ReservationsView view = ReservationsRequest.handle(request, response, () -> null);
        assertFalse(view.isAvailable());
        assertEquals(List.of("mucregistration.reservations.error.not-running"), keys(view));
    }

    @Test
    void listingUrlsCarryTheStateEncoded() {
        assertEquals("mucregistration-reservations.jsp?service=conference&room=lobby&q=a+%26+b%3D&page=3&size=50",
            ReservationsRequest.url(Query.of("conference", "lobby", "a & b=", "3", "50"), 3));
    }
}
