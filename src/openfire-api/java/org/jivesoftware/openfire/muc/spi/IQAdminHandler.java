// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.muc.spi;

import org.jivesoftware.openfire.muc.CannotBeInvitedException;
import org.jivesoftware.openfire.muc.ConflictException;
import org.jivesoftware.openfire.muc.ForbiddenException;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.NotAllowedException;
import org.xmpp.packet.IQ;

public class IQAdminHandler {
    public IQAdminHandler(MUCRoom chatroom) { throw new UnsupportedOperationException(); }
    public void handleIQ(IQ packet, MUCOccupant occupant) throws ForbiddenException, ConflictException, NotAllowedException, CannotBeInvitedException { throw new UnsupportedOperationException(); }
}
