package org.mucregistration.admin;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.util.WebManager;
import org.mucregistration.openfire.ClusterNodes;
import org.mucregistration.openfire.MucRegistrationPlugin;
import org.mucregistration.storage.Reservation;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One request to {@code mucregistration-reservations.jsp}: the servlet side of the page, kept out of the JSP so it
 * can be tested. The JSP calls {@link #handle(HttpServletRequest, HttpServletResponse, WebManager)} and renders the
 * {@link ReservationsView} it returns (or nothing, when it answered with a redirect).
 *
 * <p>Only a POST changes anything, and only with the CSRF token the page handed out: a random token kept in an
 * HttpOnly cookie ({@value #CSRF_COOKIE}, as the console's own pages keep theirs in {@code csrf}, under a name of its
 * own so the console's pages in other tabs do not replace it) and repeated in a hidden field of every form. A change
 * that succeeded answers with a redirect to the listing (its messages carried in the session), so reloading the page
 * does not send the form again; a refused one shows the page again with the message and the values typed.
 */
public final class ReservationsRequest {
    /** The page's address, relative to the plugin's pages. */
    public static final String PAGE = "mucregistration-reservations.jsp";
    public static final String CSRF_COOKIE = "mucregistration_csrf";
    public static final String CSRF_PARAM = "csrf";
    static final String FLASH = "mucregistration.reservations.flash";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ReservationsRequest() {
    }

    /**
     * The JSP's entry point: answers the request with the running plugin's decision path and Openfire's audit log.
     *
     * @return what to render; null when the response is a redirect (render nothing)
     */
    public static ReservationsView handle(HttpServletRequest request, HttpServletResponse response,
                                          WebManager webManager) throws IOException {
        return handle(request, response, () -> {
            final MucRegistrationPlugin plugin = MucRegistrationPlugin.instance();
            if (plugin == null || plugin.changes() == null) {
                return null;
            }
            final XMPPServer server = XMPPServer.getInstance();
            return new ReservationsPage(ReservationsPage.Services.of(server.getMultiUserChatManager()),
                plugin.changes(), server.getServerInfo().getXMPPDomain(), webManager::logEvent, ClusterNodes::now);
        });
    }

    /**
     * @param pages the page logic; supplies null when the plugin is not running
     * @return what to render; null when the response is a redirect (render nothing)
     */
    static ReservationsView handle(HttpServletRequest request, HttpServletResponse response,
                                   Supplier<ReservationsPage> pages) throws IOException {
        final String action = request.getParameter("action");
        final boolean post = "POST".equalsIgnoreCase(request.getMethod());
        final boolean csrfValid = post && csrfValid(request);
        final String csrf = newCsrfToken(request, response);
        final Query query = Query.of(request.getParameter("service"), request.getParameter("room"),
            request.getParameter("q"), request.getParameter("page"), request.getParameter("size"));

        final ReservationsPage page = pages.get();
        if (page == null) {
            return ReservationsView.unavailable(csrf, Message.error("mucregistration.reservations.error.not-running"));
        }

        final List<Message> messages = new ArrayList<>(takeFlash(request));
        FormValues add = null;
        FormValues edit = null;
        if (action != null && !action.isEmpty()) {
            final FormValues sent = new FormValues(request.getParameter("targetRoom"), request.getParameter("jid"),
                request.getParameter("nick"));
            final Optional<Outcome> outcome;
            if (!post) {
                outcome = Optional.of(Outcome.unchanged(
                    Message.error("mucregistration.reservations.error.post-required")));
            } else if (!csrfValid) {
                outcome = Optional.of(Outcome.unchanged(Message.error("mucregistration.reservations.error.csrf")));
            } else {
                outcome = apply(page, query, action, sent);
            }
            if (outcome.isEmpty()) {
                messages.add(Message.error("mucregistration.reservations.error.unknown-action", action));
            } else if (outcome.get().isRefused()) {
                messages.addAll(outcome.get().getMessages());
                if ("edit".equals(action)) {
                    edit = sent;
                } else if ("add".equals(action)) {
                    add = sent;
                }
            } else {
                // Post/redirect/get: a reload shows the list, and does not send the form again.
                request.getSession().setAttribute(FLASH, new ArrayList<>(outcome.get().getMessages()));
                response.sendRedirect(url(query, query.page()));
                return null;
            }
        }

        final Listing listing = page.list(query);
        final List<ClusterNodes.Node> nodes = page.clusterNodes();
        listing.addMessages(ReservationsPage.clusterWarnings(nodes));
        listing.addMessages(messages);
        if (edit == null && request.getParameter("edit") != null && listing.getService() != null) {
            final String jid = request.getParameter("edit");
            final String room = request.getParameter("editRoom");
            final Optional<Reservation> found = page.reservation(listing.getService(), room, jid);
            if (found.isPresent()) {
                edit = new FormValues(found.get().room(), found.get().bareJid(), found.get().nickname());
            } else {
                listing.addMessages(List.of(Message.error("mucregistration.reservations.error.no-reservation",
                    jid, (room == null ? "" : room) + "@" + listing.getServiceDomain())));
            }
        }
        if (add == null) {
            add = new FormValues(listing.getRoom(), "", "");
        }
        return new ReservationsView(true, csrf, listing, add, edit, nodes);
    }

    /** Applies the action; empty for an action this page does not know. */
    private static Optional<Outcome> apply(ReservationsPage page, Query query, String action, FormValues sent) {
        switch (action) {
            case "add":
                return Optional.of(page.add(query.service(), sent.getRoom(), sent.getJid(), sent.getNick()));
            case "edit":
                return Optional.of(page.changeNickname(query.service(), sent.getRoom(), sent.getJid(),
                    sent.getNick()));
            case "remove":
                return Optional.of(page.remove(query.service(), sent.getRoom(), sent.getJid()));
            default:
                return Optional.empty();
        }
    }

    /** The page's address for a listing state, relative to the page itself. */
    static String url(Query query, int pageNumber) {
        final Map<String, String> params = new LinkedHashMap<>();
        params.put("service", query.service());
        params.put("room", query.room());
        params.put("q", query.fragment());
        params.put("page", Integer.toString(pageNumber));
        params.put("size", Integer.toString(query.pageSize()));
        final StringBuilder url = new StringBuilder(PAGE);
        char separator = '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (param.getValue() != null && !param.getValue().isEmpty()) {
                url.append(separator).append(param.getKey()).append('=')
                    .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return url.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Message> takeFlash(HttpServletRequest request) {
        final HttpSession session = request.getSession(false);
        if (session == null) {
            return List.of();
        }
        final Object flash = session.getAttribute(FLASH);
        session.removeAttribute(FLASH);
        return flash instanceof List ? (List<Message>) flash : List.of();
    }

    // --------------------------------------------------------------------------------------------------------- CSRF

    /** Whether the request carries the token of the cookie in its {@value #CSRF_PARAM} parameter. */
    static boolean csrfValid(HttpServletRequest request) {
        final String sent = request.getParameter(CSRF_PARAM);
        final String expected = cookie(request, CSRF_COOKIE);
        if (sent == null || expected == null || sent.isEmpty() || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh token for the forms of the page about to be shown, set in the cookie. */
    static String newCsrfToken(HttpServletRequest request, HttpServletResponse response) {
        final byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        final String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        final Cookie cookie = new Cookie(CSRF_COOKIE, token);
        final String context = request.getContextPath();
        cookie.setPath(context == null || context.isEmpty() ? "/" : context);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setMaxAge(-1);
        response.addCookie(cookie);
        return token;
    }

    private static String cookie(HttpServletRequest request, String name) {
        final Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        String value = null;
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName())) {
                value = cookie.getValue();
            }
        }
        return value;
    }
}
