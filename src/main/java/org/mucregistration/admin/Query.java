package org.mucregistration.admin;

import java.util.List;

/**
 * What the page is asked to list, from its request parameters: a MUC service, optionally one room of it, optionally a
 * fragment of a JID or nickname, and which page of the matches. Lenient: a missing or unusable page number or page
 * size falls back to the first page and the default size.
 */
public final class Query {
    public static final int DEFAULT_PAGE_SIZE = 25;
    /** The page sizes offered; anything else asked for is replaced by the default. */
    public static final List<Integer> PAGE_SIZES = List.of(10, 25, 50, 100);
    /** Longer fragments are cut: a JID is at most 3 × 1023 bytes. */
    static final int MAX_FRAGMENT = 3071;

    private final String service;
    private final String room;
    private final String fragment;
    private final int page;
    private final int pageSize;

    public Query(String service, String room, String fragment, int page, int pageSize) {
        this.service = trim(service);
        this.room = trim(room);
        final String f = trim(fragment);
        this.fragment = f.length() > MAX_FRAGMENT ? f.substring(0, MAX_FRAGMENT) : f;
        this.page = Math.max(1, page);
        this.pageSize = PAGE_SIZES.contains(pageSize) ? pageSize : DEFAULT_PAGE_SIZE;
    }

    /** From the raw request parameters ({@code service}, {@code room}, {@code q}, {@code page}, {@code size}). */
    public static Query of(String service, String room, String fragment, String page, String pageSize) {
        return new Query(service, room, fragment, parse(page, 1), parse(pageSize, DEFAULT_PAGE_SIZE));
    }

    private static int parse(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    /** The service's subdomain; empty for the default service. */
    public String service() {
        return service;
    }

    /** A room name to restrict the list to; empty for every room of the service. */
    public String room() {
        return room;
    }

    /** A fragment of JID or nickname to search for; empty for all. */
    public String fragment() {
        return fragment;
    }

    /** The 1-based page number asked for (the listing clamps it to the last page). */
    public int page() {
        return page;
    }

    public int pageSize() {
        return pageSize;
    }

    Query withService(String serviceName) {
        return new Query(serviceName, room, fragment, page, pageSize);
    }

    Query withPage(int newPage) {
        return new Query(service, room, fragment, newPage, pageSize);
    }

    @Override
    public String toString() {
        return "service=" + service + " room=" + room + " q=" + fragment + " page=" + page + " size=" + pageSize;
    }
}
