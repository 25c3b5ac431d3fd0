package org.mucregistration.admin;

import org.mucregistration.openfire.ClusterNodes;

import java.util.List;

/** Everything the JSP renders: the listing, the forms' values and the CSRF token for the forms. */
public final class ReservationsView {
    private final boolean available;
    private final String csrf;
    private final Listing listing;
    private final FormValues add;
    private final FormValues edit;
    private final List<Message> messages;
    private final List<ClusterNodes.Node> clusterNodes;

    ReservationsView(boolean available, String csrf, Listing listing, FormValues add, FormValues edit,
                     List<ClusterNodes.Node> clusterNodes) {
        this(available, csrf, listing, add, edit, listing == null ? List.of() : listing.getMessages(), clusterNodes);
    }

    static ReservationsView unavailable(String csrf, Message message) {
        return new ReservationsView(false, csrf, null, null, null, List.of(message), List.of());
    }

    private ReservationsView(boolean available, String csrf, Listing listing, FormValues add, FormValues edit,
                             List<Message> messages, List<ClusterNodes.Node> clusterNodes) {
        this.available = available;
        this.csrf = csrf;
        this.listing = listing;
        this.add = add;
        this.edit = edit;
        this.messages = List.copyOf(messages);
        this.clusterNodes = List.copyOf(clusterNodes);
    }

    /** Whether the plugin is running (else only the messages are shown). */
    public boolean isAvailable() {
        return available;
    }

    /** The token every form of the page sends back in its hidden {@code csrf} field. */
    public String getCsrf() {
        return csrf;
    }

    public Listing getListing() {
        return listing;
    }

    /** The add form's values: empty, or what was typed when it was refused. */
    public FormValues getAdd() {
        return add;
    }

    /** The reservation being edited (or what was typed when the change was refused); null when none. */
    public FormValues getEdit() {
        return edit;
    }

    public List<Message> getMessages() {
        return messages;
    }

    /** The nodes of the cluster, this one first, and whether each runs the plugin; empty when not clustered. */
    public List<ClusterNodes.Node> getClusterNodes() {
        return clusterNodes;
    }
}
