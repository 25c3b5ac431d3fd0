package org.mucregistration.protocol;

import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.Packet;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of the children of {@code <x xmlns='…muc#user'>} in what a room sends, as XEP-0045's examples and Prosody
 * have it: status codes other than 110 first, then items, then anything else, then status 110 (self-presence) last.
 * Openfire appends 110, 201 and 307 after the item; clients that compare payloads strictly see the difference.
 */
public final class MucUserOrder {
    private static final QName X = QName.get("x", Namespaces.MUC_USER);

    private MucUserOrder() {
    }

    /** Puts the children in order, in place; returns whether anything moved. Idempotent. */
    public static boolean apply(Packet packet) {
        final Element x = packet.getElement().element(X);
        if (x == null) {
            return false;
        }
        final List<Element> children = x.elements();
        if (children.size() < 2 || inOrder(children)) {
            return false;
        }
        final List<Element> ordered = new ArrayList<>(children.size());
        for (int rank = 0; rank < 4; rank++) {
            for (Element child : children) {
                if (rank(child) == rank) {
                    ordered.add(child);
                }
            }
        }
        for (Element child : ordered) {
            x.remove(child);
        }
        for (Element child : ordered) {
            x.add(child);
        }
        return true;
    }

    private static boolean inOrder(List<Element> children) {
        int previous = 0;
        for (Element child : children) {
            final int rank = rank(child);
            if (rank < previous) {
                return false;
            }
            previous = rank;
        }
        return true;
    }

    private static int rank(Element child) {
        if ("status".equals(child.getName())) {
            return OccupantPresence.SELF.equals(child.attributeValue("code")) ? 3 : 0;
        }
        return "item".equals(child.getName()) ? 1 : 2;
    }
}
