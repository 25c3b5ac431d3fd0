package org.mucregistration.admin;

import java.util.ArrayList;
import java.util.List;

/** What the page shows for a {@link Query}: the service picker, one page of reservations and the page navigation. */
public final class Listing {
    private final List<ServiceChoice> services;
    private final String service;
    private final String serviceDomain;
    private final Query query;
    private final int page;
    private final int total;
    private final List<Row> rows;
    private final List<String> roomNames;
    private final boolean roomNamesTruncated;
    private final List<Message> messages;

    Listing(List<ServiceChoice> services, String service, String serviceDomain, Query query, int page, int total,
            List<Row> rows, List<String> roomNames, boolean roomNamesTruncated, List<Message> messages) {
        this.services = List.copyOf(services);
        this.service = service;
        this.serviceDomain = serviceDomain;
        this.query = query;
        this.page = page;
        this.total = total;
        this.rows = List.copyOf(rows);
        this.roomNames = List.copyOf(roomNames);
        this.roomNamesTruncated = roomNamesTruncated;
        this.messages = new ArrayList<>(messages);
    }

    public List<ServiceChoice> getServices() {
        return services;
    }

    /** The listed service's subdomain; null when the server has no MUC service or the one asked for is unknown. */
    public String getService() {
        return service;
    }

    public String getServiceDomain() {
        return serviceDomain;
    }

    /** The room filter; empty for the whole service. */
    public String getRoom() {
        return query.room();
    }

    /** The JID or nickname fragment searched for; empty for all. */
    public String getQuery() {
        return query.fragment();
    }

    public int getPageSize() {
        return query.pageSize();
    }

    public List<Integer> getPageSizes() {
        return Query.PAGE_SIZES;
    }

    /** The page shown, 1-based (the page asked for, clamped to the last one). */
    public int getPage() {
        return page;
    }

    public int getPageCount() {
        return total == 0 ? 1 : (total + query.pageSize() - 1) / query.pageSize();
    }

    /** How many reservations match, on every page together. */
    public int getTotal() {
        return total;
    }

    /** The 1-based number of the first row shown; 0 when none. */
    public int getFirst() {
        return rows.isEmpty() ? 0 : (page - 1) * query.pageSize() + 1;
    }

    /** The 1-based number of the last row shown; 0 when none. */
    public int getLast() {
        return rows.isEmpty() ? 0 : getFirst() + rows.size() - 1;
    }

    public List<Row> getRows() {
        return rows;
    }

    /** The previous page's number; 0 on the first page. */
    public int getPreviousPage() {
        return page > 1 ? page - 1 : 0;
    }

    /** The next page's number; 0 on the last page. */
    public int getNextPage() {
        return page < getPageCount() ? page + 1 : 0;
    }

    /** The first and last page, and two on each side of the current one, with gaps between. */
    public List<PageLink> getPageLinks() {
        final int count = getPageCount();
        final java.util.TreeSet<Integer> shown = new java.util.TreeSet<>();
        shown.add(1);
        shown.add(count);
        for (int p = Math.max(1, page - 2); p <= Math.min(count, page + 2); p++) {
            shown.add(p);
        }
        final List<PageLink> links = new ArrayList<>();
        int previous = 0;
        for (int p : shown) {
            if (p > previous + 1) {
                links.add(PageLink.gap());
            }
            links.add(PageLink.page(p, p == page));
            previous = p;
        }
        return links;
    }

    /** Room names of the service for the room pickers, sorted; at most {@link ReservationsPage#MAX_ROOM_CHOICES}. */
    public List<String> getRoomNames() {
        return roomNames;
    }

    public boolean isRoomNamesTruncated() {
        return roomNamesTruncated;
    }

    public List<Message> getMessages() {
        return messages;
    }

    /** Adds messages shown above the list (e.g. the outcome of a form that was sent). */
    void addMessages(List<Message> more) {
        messages.addAll(0, more);
    }
}
