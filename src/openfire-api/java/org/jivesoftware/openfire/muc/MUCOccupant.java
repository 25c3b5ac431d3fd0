// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.muc;

import org.jivesoftware.util.cache.Cacheable;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;

public class MUCOccupant implements Cacheable, Externalizable {
    public MUCOccupant() { throw new UnsupportedOperationException(); }
    public synchronized Presence getPresence() { throw new UnsupportedOperationException(); }
    public Role getRole() { throw new UnsupportedOperationException(); }
    public Affiliation getAffiliation() { throw new UnsupportedOperationException(); }
    public String getNickname() { throw new UnsupportedOperationException(); }
    public JID getOccupantJID() { throw new UnsupportedOperationException(); }
    public JID getUserAddress() { throw new UnsupportedOperationException(); }
    public void send(Packet packet) { throw new UnsupportedOperationException(); }
    public void writeExternal(ObjectOutput out) throws IOException { throw new UnsupportedOperationException(); }
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException { throw new UnsupportedOperationException(); }
}
