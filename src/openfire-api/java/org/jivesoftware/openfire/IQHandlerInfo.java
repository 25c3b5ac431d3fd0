// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire;

public class IQHandlerInfo {
    public IQHandlerInfo(String name, String namespace) { throw new UnsupportedOperationException(); }
    public String getName() { throw new UnsupportedOperationException(); }
    public String getNamespace() { throw new UnsupportedOperationException(); }
}
