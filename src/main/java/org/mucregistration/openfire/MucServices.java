package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.xmpp.packet.JID;

import java.util.function.Function;

/**
 * Finds the MUC service an address belongs to. Every stanza passes through here, so an address of the server's own
 * domain (users, the server) is turned away with a few string comparisons and no lookup.
 */
public final class MucServices {
    private final String xmppDomain;
    private final Function<String, MultiUserChatService> bySubdomain;

    public MucServices(String xmppDomain, Function<String, MultiUserChatService> bySubdomain) {
        this.xmppDomain = xmppDomain;
        this.bySubdomain = bySubdomain;
    }

    /** The MUC service at this address's domain, or null when it is not a MUC service. */
    public MultiUserChatService serviceOf(JID address) {
        final String domain = address.getDomain();
        final int subdomainLength = domain.length() - xmppDomain.length() - 1;
        if (subdomainLength <= 0 || domain.charAt(subdomainLength) != '.' || !domain.endsWith(xmppDomain)) {
            return null;
        }
        return bySubdomain.apply(domain.substring(0, subdomainLength));
    }
}
