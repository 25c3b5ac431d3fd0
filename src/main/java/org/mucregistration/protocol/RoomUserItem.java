package org.mucregistration.protocol;

import org.dom4j.Element;
import org.xmpp.packet.IQ;

import java.util.Optional;

/**
 * Discovering one's reserved nickname (XEP-0045 §7.12): a disco#info query with {@code node='x-roomuser-item'}
 * answered with exactly one identity naming the nickname, or an empty query when there is none.
 */
public final class RoomUserItem {
    public static final String NODE = "x-roomuser-item";

    private RoomUserItem() {
    }

    /** Whether an IQ asks about the reserved-nickname node, whatever its type. */
    public static boolean isNode(IQ iq) {
        final Element query = iq.getChildElement();
        return query != null && "query".equals(query.getName())
            && Namespaces.DISCO_INFO.equals(query.getNamespaceURI()) && NODE.equals(query.attributeValue("node"));
    }

    public static boolean isQuery(IQ iq) {
        final Element query = iq.getChildElement();
        return iq.getType() == IQ.Type.get && query != null && "query".equals(query.getName())
            && Namespaces.DISCO_INFO.equals(query.getNamespaceURI()) && NODE.equals(query.attributeValue("node"));
    }

    public static IQ reply(IQ query, Optional<String> reservedNick) {
        final IQ reply = IQ.createResultIQ(query);
        final Element result = reply.setChildElement("query", Namespaces.DISCO_INFO);
        result.addAttribute("node", NODE);
        reservedNick.ifPresent(nick -> result.addElement("identity")
            .addAttribute("category", "conference")
            .addAttribute("name", nick)
            .addAttribute("type", "text"));
        return reply;
    }
}
