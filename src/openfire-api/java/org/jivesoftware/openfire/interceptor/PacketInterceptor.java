// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.interceptor;

import org.jivesoftware.openfire.session.Session;
import org.xmpp.packet.Packet;

public interface PacketInterceptor {
    void interceptPacket(Packet packet, Session session, boolean incoming, boolean processed) throws PacketRejectedException;
}
