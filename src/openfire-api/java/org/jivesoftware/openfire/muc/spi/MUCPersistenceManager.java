// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.muc.spi;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.xmpp.packet.JID;

public class MUCPersistenceManager {
    public MUCPersistenceManager() { throw new UnsupportedOperationException(); }
    public static String getReservedNickname(MUCRoom room, String bareJID) { throw new UnsupportedOperationException(); }
    public static void saveAffiliationToDB(MUCRoom room, JID jid, String nickname, Affiliation newAffiliation, Affiliation oldAffiliation) { throw new UnsupportedOperationException(); }
}
