// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.muc;

import org.jivesoftware.openfire.container.BasicModule;
import org.jivesoftware.openfire.event.UserEventListener;
import org.jivesoftware.openfire.muc.spi.MUCServicePropertyEventListener;

import java.util.List;

public class MultiUserChatManager extends BasicModule implements MUCServicePropertyEventListener, UserEventListener {
    public MultiUserChatManager() { super(null); throw new UnsupportedOperationException(); }
    public MultiUserChatService getMultiUserChatService(String subdomain) { throw new UnsupportedOperationException(); }
    public List<MultiUserChatService> getMultiUserChatServices() { throw new UnsupportedOperationException(); }
}
