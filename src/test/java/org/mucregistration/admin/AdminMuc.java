package org.mucregistration.admin;

import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.mucregistration.openfire.ClusterNodes;
import org.mucregistration.openfire.MucFixture;

import java.util.ArrayList;
import java.util.List;

/**
 * Openfire's MUC as the admin page sees it: the services and rooms of a {@link MucFixture.Server} on
 * {@value #DOMAIN}, listed for the page, and the admin audit log the page writes to.
 */
final class AdminMuc extends MucFixture.Server {
    static final String DOMAIN = "example.org";

    /** Every audit log entry: the summary and the details. */
    final List<String[]> audit = new ArrayList<>();

    /** The cluster the page sees: empty, not clustered, unless a test says otherwise. */
    List<ClusterNodes.Node> clusterNodes = List.of();

    final ReservationsPage.Services directory = new ReservationsPage.Services() {
        @Override
        public List<MultiUserChatService> all() {
            return new ArrayList<>(services.values());
        }

        @Override
        public MultiUserChatService named(String serviceName) {
            return services.get(serviceName);
        }
    };

    AdminMuc() {
        super(DOMAIN);
    }

    ReservationsPage page() {
        return new ReservationsPage(directory, changes, DOMAIN, (summary, details) -> audit.add(
            new String[] {summary, details}), () -> clusterNodes);
    }
}
