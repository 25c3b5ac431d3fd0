// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire;

import org.jivesoftware.openfire.cluster.NodeID;
import org.jivesoftware.openfire.muc.MultiUserChatManager;

public class XMPPServer {
    public static XMPPServer getInstance() { throw new UnsupportedOperationException(); }
    public XMPPServerInfo getServerInfo() { throw new UnsupportedOperationException(); }
    public PacketRouter getPacketRouter() { throw new UnsupportedOperationException(); }
    public MultiUserChatManager getMultiUserChatManager() { throw new UnsupportedOperationException(); }
    public NodeID getNodeID() { throw new UnsupportedOperationException(); }
}
