// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.handler;

import org.jivesoftware.openfire.ChannelHandler;
import org.jivesoftware.openfire.IQHandlerInfo;
import org.jivesoftware.openfire.auth.UnauthorizedException;
import org.jivesoftware.openfire.container.BasicModule;
import org.xmpp.packet.IQ;

public abstract class IQHandler extends BasicModule implements ChannelHandler<IQ> {
    public IQHandler(String moduleName) { super(moduleName); }
    public abstract IQ handleIQ(IQ packet) throws UnauthorizedException;
    public abstract IQHandlerInfo getInfo();
}
